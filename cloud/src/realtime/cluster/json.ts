/** JSON read back from Redis: whatever was there, or undefined when it is not JSON (zod then refuses it). */
export function readJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}
