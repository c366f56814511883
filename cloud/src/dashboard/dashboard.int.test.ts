import { parse } from 'csv-parse/sync';
import { eq, isNotNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Subject } from '../../test/kits/care.js';
import { fakeClock } from '../../test/kits/citizens.js';
import { sampleDemoKioskUptime } from '../../test/kits/uptime.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { seedCareDemo } from '../care/index.js';
import {
  callQualityReportsTable,
  callRecordsTable,
  DEMO_DEVICE_LABEL,
  devicesTable,
  deviceUptimeSamplesTable,
  seedDemo,
} from '../db/index.js';
import { seedDashboardHistory } from './seed-history.js';
import { sampleUptime } from './uptime.js';
import { VTV_COLUMNS } from './vtv.js';

let t: TestCloud;
let who: (username: string) => Subject;
const zone = 'Europe/Copenhagen';
// The cloud's clock, held at the moment the file loads, so `to` stays the cloud's today: on the system clock a
// run that passed Copenhagen midnight asked for a week ending yesterday, which the cloud rightly called whole,
// and "the week still running on `to`" found no row (faked 2026-12-06 22:59:57 UTC, Sunday into Monday).
const clock = fakeClock();
const to = DateTime.fromMillis(clock.now(), { zone }).toISODate()!;
const from = DateTime.fromMillis(clock.now(), { zone }).minus({ weeks: 10 }).toISODate()!;

beforeAll(async () => {
  t = await startTestCloud({}, { clock });
  const now = new Date(clock.now());
  const demo = (await seedDemo(t.cloud.db.db, { now, password: 'Demo-Kodeord-Langt-2026' }))!;
  await seedCareDemo(t.cloud.db.db, demo.municipalityId, now);
  await seedDashboardHistory(t.cloud.db.db, demo.municipalityId, now);
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

  it('sends the reasons for cancelling as staff wrote them, capitals and all', async () => {
    const d = (await (await as(t, who('sofie.berg'))).get(`/api/dashboard?from=${from}&to=${to}`)).json;
    const reasons = d.cancelReasons.map((r: { reason: string }) => r.reason);
    expect(reasons.length).toBeGreaterThan(0);
    // Seeded as written ("Borger på hospital", "Teknisk problem"); the cloud sent them lower-cased.
    for (const reason of reasons)
      expect(['Borger ikke hjemme', 'Borger på hospital', 'Aflyst af borger', 'Teknisk problem']).toContain(
        reason,
      );
  });

  it('without a period shows the last 10 weeks up to the municipality’s today, and names the 30 days in local dates', async () => {
    const d = (await (await as(t, who('sofie.berg'))).get('/api/dashboard')).json;
    expect({ from: d.from, to: d.to }).toEqual({
      from: DateTime.fromISO(to).minus({ days: 70 }).toISODate(),
      to,
    });
    // 30 local days ending with `to`, both included.
    expect(d.month).toMatchObject({ from: DateTime.fromISO(to).minus({ days: 29 }).toISODate(), to });
  });

  it('shows a unit manager only their own units', async () => {
    const d = (await (await as(t, who('mette.larsen'))).get(`/api/dashboard?from=${from}&to=${to}`)).json;
    expect(new Set(d.units.map((u: { unitName: string }) => u.unitName))).toEqual(
      new Set(['Hjemmeplejen Nørrebro']),
    );
    expect(d.nightWatch).toEqual([]);
  });

  it('counts in a unit manager’s table of what the parties measured only the calls of their own units', async () => {
    const mine = (await (await as(t, who('mette.larsen'))).get(`/api/dashboard?from=${from}&to=${to}`)).json;
    const all = (await (await as(t, who('sofie.berg'))).get(`/api/dashboard?from=${from}&to=${to}`)).json;
    type Week = { isoWeek: string; media: { connected: number } };
    type UnitWeek = { isoWeek: string; connectedCalls: number };
    // The demo's calls are all planned calls, so each unit's connected calls are its calls that reached talk.
    for (const w of mine.weeks as Week[]) {
      const own = (mine.units as UnitWeek[])
        .filter((u) => u.isoWeek === w.isoWeek)
        .reduce((a, u) => a + u.connectedCalls, 0);
      expect(w.media.connected, w.isoWeek).toBe(own);
    }
    const total = (d: { weeks: Week[] }) => d.weeks.reduce((a, w) => a + w.media.connected, 0);
    expect(total(mine)).toBeLessThan(total(all));
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
    // The week still running on `to` is marked, not passed off as a whole week.
    expect(rows.filter((r) => r.hel_uge === 'nej').map((r) => r.uge)).toEqual(
      rows.filter((r) => r.uge === rows.at(-1)!.uge).map((r) => r.uge),
    );
  });

  it('counts as lent the kiosks the uptime history samples, and one lent before it enrolled on its own', async () => {
    const support = await as(t, who('sofie.berg'));
    const db = t.cloud.db.db;
    // The demo kiosk is lent to Aase Pedersen and `registered` until it enrols at the first start: it cannot be
    // online, and the uptime sampler leaves it out. The card counted it as "0 af 1 på nettet" all the same.
    const before = (await support.get(`/api/dashboard?from=${from}&to=${to}`)).json;
    expect(before.devices).toMatchObject({ lent: 0, onlineNow: 0, notEnrolled: 1 });
    expect(await sampleUptime(db, new Date(clock.now()))).toBe(before.devices.lent);
    // Enrolled (and so `lent`), online: the card and the sampler count the same one kiosk.
    await db
      .update(devicesTable)
      .set({ lifecycle: 'lent', online: true })
      .where(eq(devicesTable.label, DEMO_DEVICE_LABEL));
    const after = (await support.get(`/api/dashboard?from=${from}&to=${to}`)).json;
    expect(after.devices).toMatchObject({ lent: 1, onlineNow: 1, notEnrolled: 0 });
    expect(await sampleUptime(db, new Date(clock.now()))).toBe(after.devices.lent);
    // Marked in repair (or lost) with its borrower still on the row: in no citizen's use, so not "udlånt" on
    // the card, in the uptime history or in the offline alert (db/repos/kiosk-loans.ts lentKiosk).
    await db
      .update(devicesTable)
      .set({ heldAs: 'in_repair', heldSince: new Date(clock.now()) })
      .where(eq(devicesTable.label, DEMO_DEVICE_LABEL));
    const held = (await support.get(`/api/dashboard?from=${from}&to=${to}`)).json;
    expect(held.devices).toMatchObject({ lent: 0, onlineNow: 0, notEnrolled: 0 });
    expect(await sampleUptime(db, new Date(clock.now()))).toBe(0);
    await db
      .update(devicesTable)
      .set({ heldAs: null, heldSince: null })
      .where(eq(devicesTable.label, DEMO_DEVICE_LABEL));
    // Leaves no sample behind for the history test below, which counts every sample it finds.
    await db.delete(deviceUptimeSamplesTable);
  });

  it('keeps an uptime history per week and counts a call whose browsers measured no media as not bringing anyone in', async () => {
    const support = await as(t, who('sofie.berg'));
    const db = t.cloud.db.db;
    // The demo seeds no uptime (its kiosk is lent only from the first start): the uptime job's sampler takes it.
    const n = await sampleDemoKioskUptime(db, {
      from: DateTime.fromISO(from, { zone }).toMillis(),
      to: clock.now(),
      everyMs: 6 * 3_600_000,
    });
    const before = (await support.get(`/api/dashboard?from=${from}&to=${to}`)).json;
    expect(before.devices.weeks.length).toBeGreaterThanOrEqual(10);
    for (const w of before.devices.weeks) {
      expect(w.online).toBeLessThanOrEqual(w.samples);
      expect(w.sharePercent).toBeGreaterThan(50);
    }
    expect(before.devices.weeks.reduce((a: number, w: { samples: number }) => a + w.samples, 0)).toBe(n);
    // A new week's connected call with a report saying nothing came through: connected, measured, no media.
    const [seeded] = await db
      .select()
      .from(callRecordsTable)
      .where(isNotNull(callRecordsTable.connectedAt))
      .limit(1);
    const callId = crypto.randomUUID();
    const at = new Date(Date.parse(`${from}T12:00:00Z`) - 7 * 86_400_000);
    await db.insert(callRecordsTable).values({
      ...seeded!,
      callId,
      slotId: null,
      ringAt: at,
      answerAt: at,
      connectedAt: at,
      endAt: new Date(at.getTime() + 60_000),
    });
    await db.insert(callQualityReportsTable).values({
      municipalityId: seeded!.municipalityId,
      callId,
      side: 'caller',
      report: { bitrateKbps: 0, width: null, height: null },
      createdAt: at,
    });
    const earlier = DateTime.fromJSDate(at).minus({ days: 1 }).toISODate()!;
    const d = (await support.get(`/api/dashboard?from=${earlier}&to=${from}`)).json;
    const week = d.weeks.find((w: { media: { noMedia: number } }) => w.media.noMedia === 1);
    expect(week, 'the week with the no-media call').toBeDefined();
    expect(week.activeCitizens, 'nobody made active by a call without media').toBe(0);
    expect(week.media).toMatchObject({ connected: 1, measured: 0, noMedia: 1, notMeasured: 0 });
  });

  it('refuses a period that ends before it starts', async () => {
    const reply = await (await as(t, who('sofie.berg'))).get(`/api/dashboard?from=${to}&to=${from}`);
    expect(reply.status).toBe(400);
  });
});
