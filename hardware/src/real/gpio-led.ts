import type { Clock } from '@screenvisit/protocol';
import type { Logger } from 'pino';
import { createBlinker } from '../blinker.js';
import type { Level } from '../debounce.js';
import { HardwareError } from '../errors.js';
import type { Led } from '../types.js';
import type { GpioClass } from './onoff.js';

export interface GpioLed extends Led {
  /** The level read back from the line (1 = lit). */
  readLevel(): Level;
}

export interface GpioLedOptions {
  Gpio: GpioClass;
  name: string;
  /** The sysfs GPIO number (resolveGpioNumber), not the BCM line. */
  gpio: number;
  logger: Logger;
  clock?: Clock;
}

/** An LED on a GPIO output, lit at level 1; blink patterns toggle it on the clock (blinker.ts). */
export function openGpioLed(options: GpioLedOptions): GpioLed {
  const { name, logger } = options;
  let line: InstanceType<GpioClass>;
  try {
    // 'low' makes it an output that starts dark, without a glitch to high.
    line = new options.Gpio(options.gpio, 'low');
  } catch (error) {
    throw HardwareError.io(`cannot open LED ${name} on GPIO ${options.gpio}`, error);
  }
  const blinker = createBlinker({
    clock: options.clock,
    write: (level) => line.writeSync(level),
    onWriteError: (err) => logger.warn({ err, led: name }, 'LED write failed'),
  });
  let closed = false;
  return {
    name,
    async set(pattern) {
      if (closed) throw HardwareError.closed(`LED ${name}`);
      try {
        blinker.set(pattern);
      } catch (error) {
        if (error instanceof HardwareError) throw error;
        throw HardwareError.io(`cannot write LED ${name}`, error);
      }
    },
    get pattern() {
      return blinker.pattern;
    },
    readLevel: () => line.readSync(),
    async close() {
      if (closed) return;
      closed = true;
      blinker.stop();
      try {
        line.writeSync(0);
      } finally {
        line.unexport();
      }
    },
  };
}
