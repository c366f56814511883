import type { z } from 'zod';
import { DeliveryError } from './errors.js';

/**
 * POST JSON to a provider and parse its answer. Every way it can go wrong becomes a DeliveryError: a non-2xx
 * status, no answer within `timeoutMs` (AbortSignal.timeout), a network failure, or a body that is not the
 * documented shape. Response bodies are never logged: providers echo recipients in error messages.
 */
export async function postJson<T>(
  provider: string,
  url: string,
  options: {
    headers: Record<string, string>;
    body: unknown;
    timeoutMs: number;
    signal?: AbortSignal | undefined;
    answer: z.ZodType<T>;
  },
): Promise<T> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
      body: JSON.stringify(options.body),
      signal,
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    if (timeout.aborted) throw DeliveryError.timeout(provider, error);
    throw DeliveryError.unreachable(provider, error);
  }
  if (response.status < 200 || response.status > 299) throw DeliveryError.rejected(provider, response.status);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw DeliveryError.malformed(provider, response.status, error);
  }
  const parsed = options.answer.safeParse(json);
  if (!parsed.success) throw DeliveryError.malformed(provider, response.status, parsed.error);
  return parsed.data;
}
