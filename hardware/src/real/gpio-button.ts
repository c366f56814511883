import type { Clock } from '@screenvisit/protocol';
import type { Logger } from 'pino';
import { createDebouncer, type Level } from '../debounce.js';
import { HardwareError } from '../errors.js';
import type { Button } from '../types.js';
import type { GpioClass } from './onoff.js';

export interface GpioButtonOptions {
  Gpio: GpioClass;
  name: string;
  /** The sysfs GPIO number (resolveGpioNumber), not the BCM line. */
  gpio: number;
  /** Buttons wired to ground with a pull-up read 0 when pressed. */
  activeLow: boolean;
  logger: Logger;
  clock?: Clock;
  debounceMs?: number;
  longPressMs?: number;
}

/**
 * A push button on a GPIO input. onoff's own debounceTimeout is not used: raw edges go through the shared
 * debouncer (debounce.ts), the one the simulator uses and the tests cover.
 */
export function openGpioButton(options: GpioButtonOptions): Button {
  const { name, logger } = options;
  let line: InstanceType<GpioClass>;
  let initialLevel: Level;
  try {
    line = new options.Gpio(options.gpio, 'in', 'both', { activeLow: options.activeLow });
    initialLevel = line.readSync();
  } catch (error) {
    throw HardwareError.io(`cannot open button ${name} on GPIO ${options.gpio}`, error);
  }
  const debouncer = createDebouncer({
    clock: options.clock,
    debounceMs: options.debounceMs,
    longPressMs: options.longPressMs,
    initialLevel,
    onListenerError: (err) => logger.error({ err, button: name }, 'button listener threw'),
  });
  line.watch((err, value) => {
    if (err) logger.warn({ err, button: name }, 'GPIO watch error');
    else debouncer.feed(value);
  });
  let closed = false;
  return {
    name,
    on: (event, listener) => debouncer.on(event, listener),
    async close() {
      if (closed) return;
      closed = true;
      debouncer.close();
      line.unwatchAll();
      line.unexport();
    },
  };
}
