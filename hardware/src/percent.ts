import { HardwareError } from './errors.js';

/** Screen brightness and speaker volume are 0-100 in the interface (types.ts); anything else is refused. */
export function checkPercent(what: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    throw HardwareError.invalidArgument(`${what} must be a number from 0 to 100, got ${String(value)}`);
  }
  return value;
}
