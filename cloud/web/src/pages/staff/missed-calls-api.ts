import { z } from 'zod/mini';
import { apiFetch, PASSIVE } from '../../shared/api.js';

/** The care API's missed citizen calls (cloud/src/care/day-plan/routes.ts `/api/day-plan/missed-calls`). */
const MissedCall = z.object({
  citizenId: z.string(),
  citizenName: z.string(),
  localTime: z.string(),
  today: z.boolean(),
  attempts: z.number(),
  callable: z.boolean(),
});
export type MissedCall = z.infer<typeof MissedCall>;

/** `passive`: the page's own re-read, which must not count as the person's activity (shared/api.ts PASSIVE). */
export function fetchMissedCalls(signal?: AbortSignal, passive = false): Promise<MissedCall[]> {
  return apiFetch('/api/day-plan/missed-calls', {
    parse: (j) => z.array(MissedCall).parse(j),
    ...(signal ? { signal } : {}),
    ...(passive ? { headers: PASSIVE } : {}),
  });
}
