import { z } from 'zod/mini';
import { apiFetch, PASSIVE } from '../../shared/api.js';
import { myNightWatchPools } from '../nightwatch/nightwatch-api.js';

const Report = z.object({
  pool: z.object({ id: z.string(), name: z.string() }),
  since: z.string(),
  until: z.string(),
  withinSeconds: z.number(),
  onDuty: z.array(z.object({ displayName: z.string(), since: z.string(), reachable: z.boolean() })),
  totals: z.object({
    calls: z.number(),
    answered: z.number(),
    answeredLate: z.number(),
    missed: z.number(),
    escalated: z.number(),
    open: z.number(),
  }),
  calls: z.array(
    z.object({
      placedAt: z.string(),
      outcome: z.enum(['answered', 'answered_late', 'missed', 'escalated', 'open']),
      answeredAfterSeconds: z.nullable(z.number()),
      answeredBy: z.nullable(z.string()),
      reason: z.nullable(z.string()),
      escalatedTo: z.nullable(z.string()),
    }),
  ),
  alerts: z.array(
    z.object({
      at: z.string(),
      kind: z.enum(['unreachable', 'reachable_again']),
      onDuty: z.nullable(z.number()),
      sms: z.nullable(z.string()),
    }),
  ),
});
export type WatchReport = z.infer<typeof Report>;

/** The pools the person may watch, as the cloud's rule gives them (support every pool, a manager those she leads). */
export async function watchablePools(signal?: AbortSignal) {
  return (await myNightWatchPools(signal)).watch;
}

/** Passive: watching a screen is not activity, so it does not keep an idle session alive. */
export function watchReport(
  poolId: string,
  withinSeconds: number,
  signal: AbortSignal,
): Promise<WatchReport> {
  return apiFetch(
    `/api/night-watch/pools/${encodeURIComponent(poolId)}/watch?withinSeconds=${withinSeconds}`,
    { signal, headers: PASSIVE, parse: (j) => Report.parse(j) },
  );
}
