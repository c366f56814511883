/**
 * Freezes a plain JSON value and everything in it, so a value checked once cannot change afterwards: the
 * broker reuses its check and its encoding for as long as the same object is published (realtime/mqtt/outbound.ts).
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
