import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Subject } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { seedCareDemo } from '../care/index.js';
import { seedDemo } from '../db/index.js';
import { seedDashboardHistory } from './seed-history.js';
import { VTV_COLUMNS } from './vtv.js';

let t: TestCloud;
let who: (username: string) => Subject;
const zone = 'Europe/Copenhagen';
const to = DateTime.now().setZone(zone).toISODate()!;
const from = DateTime.now().setZone(zone).minus({ weeks: 10 }).toISODate()!;

beforeAll(async () => {
  t = await startTestCloud();
  const demo = (await seedDemo(t.cloud.db.db, { now: new Date(), password: 'Demo-Kodeord-Langt-2026' }))!;
  await seedCareDemo(t.cloud.db.db, demo.municipalityId, new Date());
  await seedDashboardHistory(t.cloud.db.db, demo.municipalityId, new Date());
  who = (username) => ({
    kind: 'staff',
    id: demo.staff.find((s) => s.username === username)!.id,
    municipalityId: demo.municipalityId,
  });
}, 120_000);
afterAll(() => t?.close());

describe('the business-case dashboard', () => {
  it('shows support growing uptake over the seeded weeks against the 115/75 targets, with night-watch figures', async () => {
    const reply = await (await as(t, who('sofie.berg'))).get(`/api/dashboard?from=${from}&to=${to}`);
    expect(reply.status).toBe(200);
    const d = reply.json;
    expect(d.targets).toEqual({
      activeCitizens: 115,
      activeStaff: 75,
      minutesSavedPerCitizenWeek: [10, 15, 20],
    });
    expect(d.weeks.length).toBeGreaterThanOrEqual(8);
    const first = d.weeks[0];
    const last = d.weeks.at(-2); // the current week may be partial
    expect(last.activeCitizens).toBeGreaterThan(first.activeCitizens);
    expect(new Set(d.units.map((u: { unitName: string }) => u.unitName)).size).toBeGreaterThanOrEqual(3);
    // Minutes saved come only from connected screen calls: never more completions counted than connected calls.
    for (const u of d.units) expect(u.completedOnScreen).toBeLessThanOrEqual(u.connectedCalls);
    expect(d.nightWatch.length).toBeGreaterThanOrEqual(8);
    expect(d.nightWatch[0]).toMatchObject({ poolName: 'Nattevagten Solbakken' });
    expect(d.month.activeCitizens).toBeGreaterThan(0);
  });

  it('shows a unit manager only their own units', async () => {
    const d = (await (await as(t, who('mette.larsen'))).get(`/api/dashboard?from=${from}&to=${to}`)).json;
    expect(new Set(d.units.map((u: { unitName: string }) => u.unitName))).toEqual(
      new Set(['Hjemmeplejen Nørrebro']),
    );
    expect(d.nightWatch).toEqual([]);
  });

  it('exports one VTV row per unit and week with the documented columns, semicolons and decimal commas', async () => {
    const reply = await (await as(t, who('sofie.berg'))).get(`/api/dashboard/vtv.csv?from=${from}&to=${to}`);
    expect(reply.status).toBe(200);
    // (fetch's text() drops the byte-order mark the export starts with for spreadsheets)
    const text = reply.text.replace(/^\uFEFF/, '');
    expect(text.startsWith('enhed;uge;')).toBe(true);
    const rows = parse(text, { columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...VTV_COLUMNS]);
    expect(rows.length).toBeGreaterThanOrEqual(3 * 8);
    expect(rows.some((r) => /^\d+,\d$/.test(r.maalte_samtaleminutter!))).toBe(true);
    expect(rows.every((r) => r.maal_borgere === '115' && r.maal_medarbejdere === '75')).toBe(true);
  });

  it('refuses a period that ends before it starts', async () => {
    const reply = await (await as(t, who('sofie.berg'))).get(`/api/dashboard?from=${to}&to=${from}`);
    expect(reply.status).toBe(400);
  });
});
