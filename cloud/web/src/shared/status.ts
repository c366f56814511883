import { z } from 'zod/mini';
import { apiFetch, PASSIVE } from './api.js';

/**
 * GET /api/status: up for anyone; the version and the kiosks of one's own municipality when logged in
 * (docs/security.md "Service status"). Never personal data. zod/mini keeps the browser bundle small.
 */
export const SystemStatus = z.object({
  status: z.literal('up'),
  scope: z.enum(['public', 'municipality', 'installation']),
  devices: z.optional(
    z.object({
      total: z.number().check(z.int(), z.nonnegative()),
      online: z.number().check(z.int(), z.nonnegative()),
    }),
  ),
  version: z.optional(z.string()),
});
export type SystemStatus = z.infer<typeof SystemStatus>;

export const STATUS_PATH = '/api/status';

export function fetchStatus(signal: AbortSignal): Promise<SystemStatus> {
  return apiFetch(STATUS_PATH, { signal, headers: PASSIVE, parse: (json) => SystemStatus.parse(json) });
}
