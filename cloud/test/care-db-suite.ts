import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCareError } from '../src/care/errors.js';
import {
  addManualShift,
  createPermissionService,
  exportWeeklyStatsCsv,
  goOffDuty,
  goOnDuty,
  importRoster,
  listRoster,
  loadAutoAnswerPolicy,
  loadPoolRouting,
  myWatches,
  recordCall,
  recordSlotOutcome,
  seedCareDemo,
  todaysList,
  whoIsOnDuty,
} from '../src/care/index.js';
import {
  citizenEnrolmentsTable,
  citizensTable,
  claimNightWatchCall,
  createNightWatchCall,
  type Db,
  listMissedCalls,
  markCallbackDone,
  seedDemo,
  setNightWatchCallStatus,
  staffTable,
  unitsTable,
} from '../src/db/index.js';
import type { DbHarness } from './db-suite/harness.js';

/** Wednesday 4 March 2026, 11:00 in Copenhagen. */
const NOW = new Date('2026-03-04T10:00:00Z');
const ZONE = 'Europe/Copenhagen';

/** The care domain's data layer, declared once and run against PGlite and PostgreSQL. */
export function careDbTests(harness: DbHarness): void {
  let db: Db;
  let municipalityId: string;
  let poolUnitId: string;
  const staff: Record<string, string> = {};
  const citizen: Record<string, string> = {};

  beforeAll(async () => {
    await harness.setup();
    db = (await harness.fresh()).database.db;
    const demo = await seedDemo(db, { now: NOW, password: 'demo-password-1' });
    municipalityId = demo!.municipalityId;
    const care = await seedCareDemo(db, municipalityId, NOW);
    poolUnitId = care!.poolUnitId;
    for (const s of await db.select().from(staffTable)) staff[s.username] = s.id;
    for (const c of await db.select().from(citizensTable)) citizen[c.displayName.split(' ')[0]!] = c.id;
  });

  describe(`care data on ${harness.kind}`, () => {
    it('exports statistics for the seeded demo showing planned, completed and minutes saved', async () => {
      const csv = await exportWeeklyStatsCsv(db, {
        municipalityId,
        from: new Date('2026-02-20T00:00:00Z'),
        to: new Date('2026-03-10T00:00:00Z'),
      });
      const rows = parse(csv, { columns: true }) as Record<string, string>[];
      const lastWeek = rows.filter((r) => r.iso_week === '2026-W09');
      const total = (k: string, rs = lastWeek) => rs.reduce((n, r) => n + Number(r[k]), 0);
      expect(total('planned')).toBe(4);
      expect(total('completed')).toBe(3);
      expect(total('no_answer')).toBe(1);
      // medicine 20 + reassurance 15 + conversation 25 (the documented defaults)
      expect(total('estimated_minutes_saved')).toBe(60);
      expect(total('total_call_minutes')).toBeCloseTo(37, 0);
      expect(
        total(
          'planned',
          rows.filter((r) => r.iso_week === '2026-W10'),
        ),
      ).toBe(4);
      expect(await seedCareDemo(db, municipalityId, NOW)).toBeNull();
    });

    it('asks the database on every attempt, so closing a relation refuses the very next call', async () => {
      const clock = { now: () => NOW.getTime(), setTimeout: () => 0 as never, clearTimeout: () => {} };
      const service = createPermissionService({ db, clock });
      const call = (
        from: string,
        to: string,
        fromKind: 'staff' | 'citizen' = 'staff',
        toKind: 'staff' | 'citizen' | 'unit' = 'citizen',
      ) =>
        service.decide(municipalityId, { from: { kind: fromKind, id: from }, to: { kind: toKind, id: to } });
      expect(await call(staff['karen.holm']!, citizen.Birthe!)).toMatchObject({
        allowed: true,
        via: 'guide',
      });
      expect(await call(staff['mette.larsen']!, citizen.Birthe!)).toMatchObject({ allowed: false });
      expect(await call(citizen.Aase!, poolUnitId, 'citizen', 'unit')).toMatchObject({
        allowed: true,
        via: 'citizen_to_night_watch',
      });
      expect(await call(citizen.Birthe!, staff['karen.holm']!, 'citizen', 'staff')).toMatchObject({
        allowed: true,
      }); // Wed 11:00
      expect(await call(staff['jonas.nielsen']!, citizen.Poul!)).toMatchObject({
        allowed: true,
        via: 'team_member',
      });
      await db
        .update(citizenEnrolmentsTable)
        .set({ endedAt: NOW })
        .where(eq(citizenEnrolmentsTable.citizenId, citizen.Poul!));
      expect(await call(staff['jonas.nielsen']!, citizen.Poul!)).toMatchObject({
        allowed: false,
        reason: 'not_permitted',
      });
      expect((await loadAutoAnswerPolicy(db, citizen.Aase!))?.quietHours).toEqual({
        from: '22:00',
        to: '07:00',
      });
    });

    it('tracks who is on duty, longest idle first, and refuses non-members', async () => {
      await goOnDuty(db, {
        poolUnitId,
        staffId: staff['lars.poulsen']!,
        at: new Date(NOW.getTime() - 3_600_000),
      });
      await goOnDuty(db, {
        poolUnitId,
        staffId: staff['ida.christensen']!,
        at: new Date(NOW.getTime() - 1_800_000),
      });
      await goOnDuty(db, { poolUnitId, staffId: staff['ida.christensen']!, at: NOW }); // idempotent
      expect((await whoIsOnDuty(db, poolUnitId)).map((m) => m.displayName)).toEqual([
        'Lars Poulsen',
        'Ida Christensen',
      ]);
      // Lars just finished a call: Ida has now been idle longest.
      await recordCall(db, {
        callId: crypto.randomUUID(),
        municipalityId,
        callerKind: 'citizen',
        callerId: citizen.Aase!,
        calleeKind: 'pool',
        calleeId: poolUnitId,
        answeredByStaffId: staff['lars.poulsen']!,
        ringAt: new Date(NOW.getTime() - 600_000),
        answerAt: new Date(NOW.getTime() - 590_000),
        endAt: new Date(NOW.getTime() - 60_000),
        endReason: 'hung_up',
      });
      const members = await whoIsOnDuty(db, poolUnitId);
      expect(members.map((m) => m.displayName)).toEqual(['Ida Christensen', 'Lars Poulsen']);
      expect(members[1]!.idleSince.toISOString()).toBe(new Date(NOW.getTime() - 60_000).toISOString());
      const refused = await goOnDuty(db, { poolUnitId, staffId: staff['mette.larsen']!, at: NOW }).catch(
        (e: unknown) => e,
      );
      expect(isCareError(refused) && refused.reason).toBe('not_a_pool_member');
      expect(await goOffDuty(db, { poolUnitId, staffId: staff['ida.christensen']!, at: NOW })).toBe(true);
      expect(await goOffDuty(db, { poolUnitId, staffId: staff['ida.christensen']!, at: NOW })).toBe(false);
      expect((await whoIsOnDuty(db, poolUnitId)).map((m) => m.displayName)).toEqual(['Lars Poulsen']);
      expect((await loadPoolRouting(db, poolUnitId)).fallback).toEqual({
        kind: 'phone',
        number: '70 10 20 30',
      });
    });

    it('lets exactly one of two staff claim a call accepted at the same instant, every time', async () => {
      for (let i = 0; i < 20; i++) {
        const callId = crypto.randomUUID();
        await createNightWatchCall(db, { callId, poolUnitId, citizenId: citizen.Aase!, at: NOW });
        const results = await Promise.all([
          claimNightWatchCall(db, { callId, staffId: staff['lars.poulsen']!, at: NOW }),
          claimNightWatchCall(db, { callId, staffId: staff['ida.christensen']!, at: NOW }),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        // An accepted call can no longer be marked missed by a late router effect.
        expect(await setNightWatchCallStatus(db, { callId, status: 'missed', reason: 'no_answer' })).toBe(
          false,
        );
      }
    });

    it('lists missed calls with their callback target until someone calls back', async () => {
      const callId = crypto.randomUUID();
      await createNightWatchCall(db, { callId, poolUnitId, citizenId: citizen.Knud!, at: NOW });
      await setNightWatchCallStatus(db, { callId, status: 'missed', reason: 'no_answer' });
      expect((await listMissedCalls(db, poolUnitId)).map((m) => [m.callId, m.citizenId])).toEqual([
        [callId, citizen.Knud],
      ]);
      expect(await claimNightWatchCall(db, { callId, staffId: staff['lars.poulsen']!, at: NOW })).toBe(false);
      expect(await markCallbackDone(db, { callId, staffId: staff['lars.poulsen']!, at: NOW })).toBe(true);
      expect(await markCallbackDone(db, { callId, staffId: staff['lars.poulsen']!, at: NOW })).toBe(false);
      expect(await listMissedCalls(db, poolUnitId)).toEqual([]);
    });

    it('imports a roster only when every row is valid, in one go, and re-imports without duplicates', async () => {
      const input = { poolUnitId, format: 'csv' as const, timeZone: ZONE, at: NOW };
      const bad =
        'username,date,start,end\nlars.poulsen,2026-03-28,22:00,07:00\nmette.larsen,2026-03-29,22:00,07:00\n';
      const failed = await importRoster(db, { ...input, text: bad, dryRun: false });
      expect(failed).toMatchObject({
        written: false,
        errors: [{ row: 'line 3', message: expect.stringMatching(/not a member/) }],
      });
      const range = [new Date('2026-03-27T00:00:00Z'), new Date('2026-04-01T00:00:00Z')] as const;
      expect(await listRoster(db, poolUnitId, ...range)).toEqual([]);
      const good =
        'username,date,start,end\nlars.poulsen,2026-03-28,22:00,07:00\nida.christensen,2026-03-28,23:00,07:00\n';
      expect(await importRoster(db, { ...input, text: good, dryRun: true })).toMatchObject({
        written: false,
        shifts: 2,
        errors: [],
      });
      expect(await listRoster(db, poolUnitId, ...range)).toEqual([]);
      expect(await importRoster(db, { ...input, text: good, dryRun: false })).toMatchObject({
        written: true,
        shifts: 2,
      });
      expect(await importRoster(db, { ...input, text: good, dryRun: false })).toMatchObject({
        written: true,
      });
      const roster = await listRoster(db, poolUnitId, ...range);
      expect(roster.map((s) => (s.endsAt.getTime() - s.startsAt.getTime()) / 3_600_000)).toEqual([8, 7]);
      // Lars cannot also take an overlapping watch from another file.
      const overlap = await importRoster(db, {
        ...input,
        text: 'username,date,start,end\nlars.poulsen,2026-03-29,06:00,08:00\n',
        dryRun: false,
      });
      expect(overlap.errors[0]?.message).toMatch(/overlaps/);
      // A manual override hands Lars's night to Ida... who already has it: swap to cancel instead.
      const larsNight = roster.find((s) => s.staffId === staff['lars.poulsen'])!;
      await addManualShift(db, {
        poolUnitId,
        staffId: larsNight.staffId,
        startsAt: larsNight.startsAt,
        endsAt: larsNight.endsAt,
        overridesShiftId: larsNight.id,
        cancel: true,
        at: NOW,
      });
      expect((await listRoster(db, poolUnitId, ...range)).map((s) => s.staffId)).toEqual([
        staff['ida.christensen'],
      ]);
      const ical =
        'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:oct-1\r\nDTSTART;TZID=Europe/Copenhagen:20261024T220000\r\nDTEND;TZID=Europe/Copenhagen:20261025T070000\r\nATTENDEE:mailto:lars.poulsen@kk.dk\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
      expect(await importRoster(db, { ...input, format: 'ical', text: ical, dryRun: false })).toMatchObject({
        written: true,
        shifts: 1,
      });
      const octWatches = await myWatches(
        db,
        staff['lars.poulsen']!,
        new Date('2026-10-01T00:00:00Z'),
        new Date('2026-11-01T00:00:00Z'),
      );
      expect(octWatches.map((s) => (s.endsAt.getTime() - s.startsAt.getTime()) / 3_600_000)).toEqual([10]);
    });

    it("shows each staff member today's list and records each outcome once", async () => {
      const karen = await todaysList(db, { staffId: staff['karen.holm']!, at: NOW, timeZone: ZONE });
      expect(karen.map((s) => s.type)).toEqual(['conversation']);
      const jonas = await todaysList(db, { staffId: staff['jonas.nielsen']!, at: NOW, timeZone: ZONE });
      expect(jonas.map((s) => s.type)).toEqual(['medicine', 'reassurance', 'training']);
      const slotId = jonas[0]!.id;
      const noReason = await recordSlotOutcome(db, {
        slotId,
        staffId: staff['jonas.nielsen']!,
        at: NOW,
        result: { outcome: 'cancelled' } as never,
      }).catch((e: unknown) => e);
      expect(isCareError(noReason) && noReason.reason).toBe('invalid_input');
      await recordSlotOutcome(db, {
        slotId,
        staffId: staff['jonas.nielsen']!,
        at: NOW,
        result: { outcome: 'cancelled', reason: 'Borgeren var indlagt' },
      });
      const again = await recordSlotOutcome(db, {
        slotId,
        staffId: staff['jonas.nielsen']!,
        at: NOW,
        result: { outcome: 'completed' },
      }).catch((e: unknown) => e);
      expect(isCareError(again) && again.reason).toBe('already_decided');
      const [team] = await db
        .select()
        .from(unitsTable)
        .where(and(eq(unitsTable.municipalityId, municipalityId), eq(unitsTable.kind, 'home_care_team')));
      expect(team).toBeDefined();
    });
  });
}
