import type { ClockTimer } from '@screenvisit/protocol';
import { and, gte, inArray, lt, sql } from 'drizzle-orm';
import { type Db, devicesTable, deviceUptimeSamplesTable, lentKiosk } from '../db/index.js';
import type { CoreDeps } from '../kernel/ports.js';

/**
 * Device uptime as a history (issue 13 §2): the share of the expected time that lent kiosks were online, per
 * ISO week. The expected time is every sample taken while a kiosk was lent; a sample says what
 * `devices.online` said at that moment. That column is kept by the device link (connect and disconnect, and
 * the heartbeat writes, which may be batched); this job only reads it, so the history has the sampling
 * interval's resolution and inherits whatever delay the heartbeat path has.
 */

/** One row per lent kiosk (lentKiosk: the dashboard's card counts the same ones), now. Used by: the uptime job below. */
export async function sampleUptime(db: Db, at: Date): Promise<number> {
  const lent = await db
    .select({ id: devicesTable.id, citizenId: devicesTable.citizenId, online: devicesTable.online })
    .from(devicesTable)
    .where(lentKiosk);
  if (lent.length === 0) return 0;
  await db
    .insert(deviceUptimeSamplesTable)
    .values(lent.map((d) => ({ deviceId: d.id, citizenId: d.citizenId!, sampledAt: at, online: d.online })));
  return lent.length;
}

/** Samples every `everyMs` on the injected clock (fake in tests). Returns a stop function. */
export function scheduleUptimeSampling(deps: Pick<CoreDeps, 'db' | 'clock' | 'log'>, everyMs: number) {
  let timer: ClockTimer | null = null;
  let stopped = false;
  // Two or more nodes (issue 14): one samples at a time (an advisory lock), and a node skips its round when
  // another sampled within the last half interval, so the history gets one sample per interval, not one per node.
  const sampleOnce = (at: Date) =>
    deps.db.runAlone('screenvisit.job.uptime', async () => {
      const [last] = await deps.db.db
        .select({ at: sql<Date | null>`max(${deviceUptimeSamplesTable.sampledAt})` })
        .from(deviceUptimeSamplesTable);
      const lastAt = last?.at ? new Date(last.at).getTime() : Number.NEGATIVE_INFINITY;
      if (at.getTime() - lastAt < everyMs / 2) return 0;
      return sampleUptime(deps.db.db, at);
    });
  const tick = () => {
    sampleOnce(new Date(deps.clock.now()))
      .catch((err: unknown) => deps.log.error({ err }, 'uptime sample failed'))
      .finally(() => {
        if (!stopped) timer = deps.clock.setTimeout(tick, everyMs);
      });
  };
  timer = deps.clock.setTimeout(tick, everyMs);
  return async () => {
    stopped = true;
    if (timer) deps.clock.clearTimeout(timer);
  };
}

export interface UptimeWeek {
  isoWeek: string;
  /** Samples of lent kiosks in scope (the expected time, in sampling intervals). */
  samples: number;
  online: number;
  /** online / samples, one decimal of a percent; null without samples. */
  sharePercent: number | null;
}

/** Per ISO week in the municipality's zone, over kiosks lent to `citizenIds`. */
export async function uptimeWeeks(
  db: Db,
  input: { citizenIds: readonly string[]; from: Date; to: Date; timeZone: string },
): Promise<UptimeWeek[]> {
  if (input.citizenIds.length === 0) return [];
  const week = sql<string>`to_char(${deviceUptimeSamplesTable.sampledAt} at time zone ${input.timeZone}, 'IYYY-"W"IW')`;
  const rows = await db
    .select({
      isoWeek: week,
      samples: sql<number>`count(*)`.mapWith(Number),
      online: sql<number>`count(*) filter (where ${deviceUptimeSamplesTable.online})`.mapWith(Number),
    })
    .from(deviceUptimeSamplesTable)
    .where(
      and(
        inArray(deviceUptimeSamplesTable.citizenId, [...input.citizenIds]),
        gte(deviceUptimeSamplesTable.sampledAt, input.from),
        lt(deviceUptimeSamplesTable.sampledAt, input.to),
      ),
    )
    // By position: the zone is a bound parameter, so a repeated expression would not match the select list.
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows.map((r) => ({
    ...r,
    sharePercent: r.samples ? Math.round((r.online / r.samples) * 1000) / 10 : null,
  }));
}
