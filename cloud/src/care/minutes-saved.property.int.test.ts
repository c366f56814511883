import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Subject } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { citizenEnrolmentsTable, seedDemo, unitsTable } from '../db/index.js';
import { DEFAULT_MINUTES_SAVED, recordCall, seedCareDemo } from './index.js';

/**
 * Issue 13: the number the customer buys the system for must not count a call that never connected. Random
 * sequences of what a person can do through the API (plan a slot, record any outcome body, move a slot), of
 * what the call router writes (a call for a slot that reached in_call or never did) and of what the call's
 * parties report at hang-up (POST /api/calls/quality: media both ways, nothing received on one side, or no
 * report), then minutes saved in the weekly statistics, the dashboard and the VTV export must all equal the
 * oracle: only slots with a connected call (in_call, and no party reporting that nothing got through;
 * care/day-plan/connected.ts), completed as the screen call.
 */
const zone = 'Europe/Copenhagen';
const date = DateTime.now().setZone(zone).plus({ days: 2 }).toISODate()!;
type SlotType = keyof typeof DEFAULT_MINUTES_SAVED;
const TYPES = Object.keys(DEFAULT_MINUTES_SAVED) as SlotType[];
/** What the parties report about a call that reached in_call. */
type Media = 'both' | 'caller_received_none' | 'callee_received_none' | 'unreported';
const MEDIA: Media[] = ['both', 'caller_received_none', 'callee_received_none', 'unreported'];

let t: TestCloud;
let jonas: Subject;
let citizen: Subject;
let sofie: Subject;
let teamId: string;
let citizenId: string;

beforeAll(async () => {
  t = await startTestCloud();
  const demo = (await seedDemo(t.cloud.db.db, { now: new Date(), password: 'Demo-Kodeord-Langt-2026' }))!;
  await seedCareDemo(t.cloud.db.db, demo.municipalityId, new Date());
  const staff = demo.staff.find((s) => s.username === 'jonas.nielsen')!;
  jonas = { kind: 'staff', id: staff.id, municipalityId: demo.municipalityId };
  const support = demo.staff.find((s) => s.username === 'sofie.berg')!;
  sofie = { kind: 'staff', id: support.id, municipalityId: demo.municipalityId };
  const [team] = await t.cloud.db.db.select().from(unitsTable).where(eq(unitsTable.kind, 'home_care_team'));
  teamId = team!.id;
  const [enrolment] = await t.cloud.db.db
    .select()
    .from(citizenEnrolmentsTable)
    .where(eq(citizenEnrolmentsTable.unitId, teamId));
  citizenId = enrolment!.citizenId;
  citizen = { kind: 'citizen', id: citizenId, municipalityId: demo.municipalityId };
}, 120_000);
afterAll(() => t?.close());

type Action =
  | { kind: 'plan'; type: SlotType; minute: number }
  | { kind: 'call'; slot: number; connected: boolean; media: Media; seconds: number }
  | { kind: 'outcome'; slot: number; body: unknown }
  | { kind: 'move'; slot: number; minute: number };

const outcomeBody = fc.constantFrom<unknown>(
  { outcome: 'completed' },
  { outcome: 'completed' },
  { outcome: 'completed', via: 'phone' },
  { outcome: 'completed', via: 'on_site' },
  { outcome: 'completed', via: 'screen_call' },
  { outcome: 'completed', connected: true },
  { outcome: 'no_answer' },
  { outcome: 'cancelled', reason: 'Borger ikke hjemme' },
  { outcome: 'cancelled' },
);
const plan = fc.record({
  kind: fc.constant('plan' as const),
  type: fc.constantFrom(...TYPES),
  minute: fc.integer({ min: 0, max: 59 }),
});
// Slots first (so the later actions have something to act on), then anything, including more slots.
const actions: fc.Arbitrary<Action[]> = fc
  .tuple(
    fc.array(plan, { minLength: 1, maxLength: 3 }),
    fc.array(fc.oneof(plan, otherAction()), { maxLength: 10 }),
  )
  .map(([a, b]) => [...a, ...b].flat() as Action[]);
function otherAction(): fc.Arbitrary<Action> {
  return fc.oneof(
    fc.record({
      kind: fc.constant('call' as const),
      slot: fc.nat(),
      connected: fc.boolean(),
      media: fc.constantFrom(...MEDIA),
      seconds: fc.integer({ min: 1, max: 1800 }),
    }),
    fc.record({ kind: fc.constant('outcome' as const), slot: fc.nat(), body: outcomeBody }),
    // What a person does most: a call that reached in_call, then "Gennemført" (keeps counted completions common).
    fc
      .tuple(fc.nat(), fc.integer({ min: 1, max: 1800 }), fc.constantFrom(...MEDIA))
      .chain(([slot, seconds, media]) =>
        fc.constant<Action[]>([
          { kind: 'call', slot, connected: true, media, seconds },
          { kind: 'outcome', slot, body: { outcome: 'completed' } },
        ]),
      ) as unknown as fc.Arbitrary<Action>,
    fc.record({
      kind: fc.constant('move' as const),
      slot: fc.nat(),
      minute: fc.integer({ min: 0, max: 59 }),
    }),
  );
}

interface ModelSlot {
  id: string;
  type: SlotType;
  connected: boolean;
  screenCompletion: boolean;
}

describe('minutes saved', () => {
  it('never count a slot whose calls never connected, whatever sequence of actions came before', async () => {
    const client = await as(t, jonas);
    const citizenClient = await as(t, citizen);
    const reader = await as(t, sofie);
    const before = {
      stats: await savedOn(reader),
      ...(await savedOnDashboard(reader)),
    };
    let expectedExtra = 0;
    await fc.assert(
      fc.asyncProperty(actions, async (sequence) => {
        const slots: ModelSlot[] = [];
        for (const a of sequence) {
          if (a.kind === 'plan') {
            const r = await client.post('/api/day-plan/slots', {
              citizenId,
              unitId: teamId,
              type: a.type,
              date,
              time: `13:${String(a.minute).padStart(2, '0')}`,
            });
            expect(r.status).toBe(201);
            slots.push({ id: r.json.id, type: a.type, connected: false, screenCompletion: false });
          } else if (a.kind === 'call' && slots.length) {
            const s = slots[a.slot % slots.length]!;
            const ringAt = new Date();
            const answerAt = a.connected ? new Date(ringAt.getTime() + 3_000) : null;
            const callId = crypto.randomUUID();
            await recordCall(t.cloud.db.db, {
              callId,
              municipalityId: jonas.municipalityId,
              callerKind: 'staff',
              callerId: jonas.id,
              calleeKind: 'citizen',
              calleeId: citizenId,
              slotId: s.id,
              ringAt,
              answerAt,
              connectedAt: answerAt,
              endAt: new Date(ringAt.getTime() + 3_000 + a.seconds * 1000),
              endReason: a.connected ? 'hung_up' : 'no_answer',
            });
            if (a.connected && a.media !== 'unreported') {
              // Each party's browser reports what it received, through the API as the real page does.
              for (const [party, role, none] of [
                [client, 'caller', 'caller_received_none'],
                [citizenClient, 'callee', 'callee_received_none'],
              ] as const) {
                const r = await party.post('/api/calls/quality', quality(callId, role, a.media !== none));
                expect(r.status).toBe(204);
              }
            }
            // The rule under test: connected means in_call AND no party reported that nothing got through.
            if (a.connected && (a.media === 'both' || a.media === 'unreported')) s.connected = true;
          } else if (a.kind === 'outcome' && slots.length) {
            const s = slots[a.slot % slots.length]!;
            const r = await client.post(`/api/day-plan/slots/${s.id}/outcome`, a.body);
            const plain = (a.body as { outcome: string; via?: string }).outcome === 'completed';
            const screen = plain && Object.keys(a.body as object).length === 1;
            // The honest rule at the boundary: a plain "completed" is refused unless a call connected.
            if (screen && !s.connected) expect(r.status).toBe(409);
            if (r.status === 200 && screen) s.screenCompletion = true;
          } else if (a.kind === 'move' && slots.length) {
            const s = slots[a.slot % slots.length]!;
            await client.patch(`/api/day-plan/slots/${s.id}`, {
              time: `14:${String(a.minute).padStart(2, '0')}`,
            });
          }
        }
        for (const s of slots)
          if (s.screenCompletion) {
            expect(s.connected, 'a counted slot had a connected call').toBe(true);
            expectedExtra += DEFAULT_MINUTES_SAVED[s.type];
          }
        expect(await savedOn(reader)).toBe(before.stats + expectedExtra);
        expect(await savedOnDashboard(reader)).toEqual({
          dashboard: before.dashboard + expectedExtra,
          vtv: before.vtv + expectedExtra,
        });
      }),
      { numRuns: 30 },
    );
    // Non-vacuity: the generator did reach counted completions.
    expect(expectedExtra).toBeGreaterThan(0);
  }, 180_000);
});

async function savedOn(client: Awaited<ReturnType<typeof as>>): Promise<number> {
  const r = await client.get(`/api/stats/weekly?from=${date}&to=${date}`);
  expect(r.status).toBe(200);
  return (r.json as { estimatedMinutesSaved: number }[]).reduce((sum, s) => sum + s.estimatedMinutesSaved, 0);
}

async function savedOnDashboard(client: Awaited<ReturnType<typeof as>>) {
  const d = await client.get(`/api/dashboard?from=${date}&to=${date}`);
  expect(d.status).toBe(200);
  const vtv = await client.get(`/api/dashboard/vtv.csv?from=${date}&to=${date}`);
  expect(vtv.status).toBe(200);
  const rows = parse(vtv.text.replace(/^\uFEFF/, ''), { columns: true, delimiter: ';' }) as Record<
    string,
    string
  >[];
  return {
    dashboard: (d.json as { weeks: { minutesSaved: number }[] }).weeks.reduce(
      (sum, w) => sum + w.minutesSaved,
      0,
    ),
    vtv: rows.reduce((sum, r) => sum + Number(r.estimerede_sparede_minutter), 0),
  };
}

/** A browser's end-of-call report (cloud/web/src/shared/call/quality-report.ts): media received, or none. */
function quality(callId: string, role: 'caller' | 'callee', received: boolean) {
  return {
    callId,
    role,
    durationSeconds: 60,
    rttMs: received ? 25 : null,
    lossPercent: 0,
    bitrateKbps: received ? 800 : 0,
    width: received ? 640 : null,
    height: received ? 480 : null,
    audioOnly: !received,
  };
}
