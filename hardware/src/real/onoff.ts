import type { Gpio } from 'onoff';
import { HardwareError } from '../errors.js';

export type GpioClass = typeof Gpio;

/**
 * onoff is loaded only when a real board is opened: it is an optional dependency with a native build, and
 * development machines and CI have no GPIO.
 */
export async function loadGpio(): Promise<GpioClass> {
  let mod: { Gpio?: GpioClass; default?: { Gpio?: GpioClass } };
  try {
    mod = await import('onoff');
  } catch (error) {
    throw HardwareError.unavailable(
      'the onoff package is not installed (optional dependency of hardware/)',
      error,
    );
  }
  const GpioImpl = mod.Gpio ?? mod.default?.Gpio;
  if (!GpioImpl) throw HardwareError.unavailable('the onoff package has no Gpio export');
  if (!GpioImpl.accessible) {
    throw HardwareError.unavailable(
      'GPIO is not accessible: /sys/class/gpio is missing or not writable (not a Raspberry Pi, or the user is not in the gpio group)',
    );
  }
  return GpioImpl;
}
