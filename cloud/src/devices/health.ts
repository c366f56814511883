import type { Heartbeat } from '@screenvisit/protocol';
import { Id } from '@screenvisit/protocol';
import { lte, sql } from 'drizzle-orm';
import { type Db, deviceHealthTable } from '../db/index.js';

/**
 * Keeps the last heartbeat's figures (issue 6 item 8). An older heartbeat (a replay after a reconnect) never
 * overwrites a newer one. `at` is the cloud's receive time: device clocks drift.
 */
export async function recordHealth(db: Db, deviceId: string, heartbeat: Heartbeat, at: Date): Promise<void> {
  if (!Id.safeParse(deviceId).success) return;
  const values = {
    deviceId,
    uptimeS: heartbeat.uptimeS,
    rttMs: heartbeat.rttMs ?? null,
    temperatureC: heartbeat.temperatureC ?? null,
    reportedAt: at,
  };
  await db
    .insert(deviceHealthTable)
    .values(values)
    .onConflictDoUpdate({
      target: deviceHealthTable.deviceId,
      set: {
        uptimeS: sql`excluded.uptime_s`,
        rttMs: sql`excluded.rtt_ms`,
        temperatureC: sql`excluded.temperature_c`,
        reportedAt: sql`excluded.reported_at`,
      },
      setWhere: lte(deviceHealthTable.reportedAt, at),
    });
}
