import { z } from 'zod/mini';
import { apiFetch, PASSIVE } from './api.js';

/** GET /api/status: counts and version only, never personal data. zod/mini keeps the browser bundle small. */
export const SystemStatus = z.object({
  devices: z.object({
    total: z.number().check(z.int(), z.nonnegative()),
    online: z.number().check(z.int(), z.nonnegative()),
  }),
  version: z.string(),
});
export type SystemStatus = z.infer<typeof SystemStatus>;

export const STATUS_PATH = '/api/status';

export function fetchStatus(signal: AbortSignal): Promise<SystemStatus> {
  return apiFetch(STATUS_PATH, { signal, headers: PASSIVE, parse: (json) => SystemStatus.parse(json) });
}
