import { eq } from 'drizzle-orm';
import { sampleUptime } from '../../src/dashboard/uptime.js';
import { type Db, DEMO_DEVICE_LABEL, devicesTable } from '../../src/db/index.js';

/**
 * An uptime history for tests of the dashboard: the demo seeds none (its kiosk is lent only from the first
 * start), so the demo kiosk is lent from `from` and the uptime job's own sampler runs every `everyMs` until `to`,
 * the kiosk offline at every fifth sample. Returns how many samples it took.
 */
export async function sampleDemoKioskUptime(
  db: Db,
  input: { from: number; to: number; everyMs: number },
): Promise<number> {
  await db.update(devicesTable).set({ lifecycle: 'lent' }).where(eq(devicesTable.label, DEMO_DEVICE_LABEL));
  let n = 0;
  for (let at = input.from; at < input.to; at += input.everyMs, n++) {
    await db
      .update(devicesTable)
      .set({ online: n % 5 !== 4 })
      .where(eq(devicesTable.label, DEMO_DEVICE_LABEL));
    await sampleUptime(db, new Date(at));
  }
  return n;
}
