import type { z } from 'zod';

/** The outcome of reading one message off the wire. Receivers never throw on bad input: they get a reason. */
export type Decoded<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Longest frame any ScreenVisit receiver accepts (SDP with many candidates stays well under this). */
export const MAX_FRAME_BYTES = 64 * 1024;

/**
 * Parse a raw frame (WebSocket text, MQTT payload) as JSON and validate it against a schema.
 * The reason is short and safe to log or send back: it names fields, never echoes their values.
 */
export function decode<S extends z.ZodType>(schema: S, raw: string | Uint8Array): Decoded<z.output<S>> {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.byteLength;
  if (size > MAX_FRAME_BYTES)
    return { ok: false, reason: `frame too large (${size} > ${MAX_FRAME_BYTES} bytes)` };
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : utf8(raw));
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, reason: describeIssues(parsed.error.issues) };
}

/** The bytes as text without copying them first (Buffer.from(aBuffer) would copy every MQTT payload). */
function utf8(raw: Uint8Array): string {
  return (Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength)).toString(
    'utf8',
  );
}

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

export function encode(message: unknown): string {
  return JSON.stringify(message);
}
