import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { pgliteHarness } from '../../test/db-suite/harness.js';
import { seedCareDemo, todaysList } from '../care/index.js';
import { citizensTable, seedDemo, staffTable } from '../db/index.js';
import { DEMO_KIOSK_CALLER, letDemoStaffCallTheKiosk } from './demo-kiosk-call.js';

describe('the demo tour', () => {
  it("gives the README's demo caller the demo kiosk's citizen in today's plan", async () => {
    const harness = pgliteHarness();
    await harness.setup();
    const db = (await harness.fresh()).database.db;
    const now = new Date('2026-03-04T08:00:00Z');
    const demo = await seedDemo(db, { now, password: 'demo-password-1' });
    await seedCareDemo(db, demo!.municipalityId, now);
    await letDemoStaffCallTheKiosk(db, demo!.municipalityId, now);
    const [jonas] = await db.select().from(staffTable).where(eq(staffTable.username, DEMO_KIOSK_CALLER));
    const [aase] = await db
      .select()
      .from(citizensTable)
      .where(eq(citizensTable.displayName, 'Aase Pedersen'));
    const plan = await todaysList(db, { staffId: jonas!.id, at: now, timeZone: 'Europe/Copenhagen' });
    expect(plan.map((s) => s.citizenId)).toContain(aase!.id);
  }, 120_000);
});
