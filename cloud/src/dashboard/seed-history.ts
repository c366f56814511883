import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import {
  callRecordsTable,
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  dayPlanSlotsTable,
  municipalitiesTable,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import { agreeWithHistory } from './seed-history-people.js';
import { seedNightWatch } from './seed-night-watch.js';

/**
 * DEMO ONLY (called from cloud/src/demo.ts, never in production): `weeks` weeks of made-up history for the
 * demo's home-care team, home guidance and facility, so the dashboard's trends mean something (issue 13 "Done
 * when" 2). Uptake grows week by week; a share of calls never connect and some visits are done by phone or on
 * site, and they are recorded exactly as the product records them: only connected calls carry connected_at,
 * and only those slots are completed as screen calls. Deterministic (a fixed-seed generator).
 *
 * The people's own records agree with that history and with seedCareDemo's last week (agreeWithHistory): who
 * was in a call existed before it and was logged in then, with the credential that takes (a password, a bound
 * browser), so support's cards and Advarsler read true beside the statistics. Left as they were, Advarsler listed
 * every made-up person as "created 70 days ago and has never used ScreenVisit" beside ten weeks of their calls,
 * a staff card said "Har ingen adgangskode endnu" beside a last login, and seedDemo's people, made at the seed's
 * now, were in calls ten weeks before. Nothing lies after `now`: a seed early on a Monday placed Sunday night's
 * night-watch calls into the hours to come (seedNightWatch). Only made-up residents pressed the night-watch
 * button: seedDemo's have no device before the demo starts (Aase Pedersen's kiosk enrols at the first start).
 * Each made-up citizen has a name of their own (madeUpCitizenName): a repeated name reads as namesakes to tell
 * apart, and nobody meant these to be.
 *
 * No kiosk uptime is made up. The uptime job (uptime.ts) samples only kiosks that are `lent`, and the demo has no
 * such kiosk before its first start (DEMO-KIOSK-1 becomes `lent` when it enrols), so the job could never have
 * written a sample in these weeks: the ten weeks of hourly samples once seeded for it showed support an uptime
 * no kiosk had. Support's uptime history begins when the demo's own job first samples the enrolled kiosk.
 */
const FIRST = [
  'Anna',
  'Bent',
  'Grethe',
  'Hans',
  'Inge',
  'Jørgen',
  'Kirsten',
  'Leif',
  'Margit',
  'Niels',
  'Ruth',
  'Svend',
];
const LAST = ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen'];
const REASONS = ['Borger ikke hjemme', 'Borger på hospital', 'Aflyst af borger', 'Teknisk problem'];
const TYPES = ['medicine', 'reassurance', 'conversation', 'training'] as const;

function generator(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export async function seedDashboardHistory(
  db: Db,
  municipalityId: string,
  now: Date,
  options: { weeks?: number; citizensPerUnit?: number } = {},
): Promise<{ slots: number; calls: number; nightCalls: number }> {
  const weeks = options.weeks ?? 10;
  const perUnit = options.citizensPerUnit ?? 14;
  const random = generator(13);
  const [m] = await db.select().from(municipalitiesTable).where(eq(municipalitiesTable.id, municipalityId));
  const zone = m!.timeZone;
  const units = await db.select().from(unitsTable).where(eq(unitsTable.municipalityId, municipalityId));
  const unit = (kind: string) => units.find((u) => u.kind === kind);
  const served = [unit('home_care_team'), unit('home_guidance'), unit('facility')].flatMap((u) =>
    u ? [u] : [],
  );
  const pool = unit('night_watch_pool');
  const start = DateTime.fromJSDate(now, { zone }).startOf('week').minus({ weeks });
  const madeUpCitizens = new Set<string>();

  let slots = 0;
  let calls = 0;
  for (const [u, served_] of served.entries()) {
    // Staff: the unit's existing members plus a few made-up ones without a password, members from the start.
    // One the history has log in gets a password nobody knows (agreeWithHistory); the others have none yet.
    const extra = await db
      .insert(staffTable)
      .values(
        Array.from({ length: 4 }, (_, i) => ({
          municipalityId,
          username: `demo.${served_.kind}.${i + 1}`,
          displayName: `${FIRST[(u * 4 + i) % FIRST.length]} ${LAST[(u + i * 3) % LAST.length]}`,
          role: 'staff' as const,
          createdAt: start.toJSDate(),
        })),
      )
      .returning({ id: staffTable.id });
    await db
      .insert(unitMembershipsTable)
      .values(extra.map((s) => ({ staffId: s.id, unitId: served_.id, since: start.toJSDate() })));
    const members = await db
      .select({ staffId: unitMembershipsTable.staffId })
      .from(unitMembershipsTable)
      .where(eq(unitMembershipsTable.unitId, served_.id));
    const guide = served_.kind === 'home_guidance' ? members[0]!.staffId : null;
    const citizens = await db
      .insert(citizensTable)
      .values(
        Array.from({ length: perUnit }, (_, i) => ({
          municipalityId,
          displayName: madeUpCitizenName(u * perUnit + i),
          createdAt: start.toJSDate(),
        })),
      )
      .returning({ id: citizensTable.id });
    for (const c of citizens) madeUpCitizens.add(c.id);
    await db.insert(citizenEnrolmentsTable).values(
      citizens.map((c, i) => ({
        citizenId: c.id,
        unitId: served_.id,
        guideStaffId: guide,
        // Uptake grows: citizen i starts in week floor(i * weeks / perUnit / 1.3).
        startedAt: start.plus({ weeks: Math.floor((i * weeks) / perUnit / 1.3) }).toJSDate(),
      })),
    );
    for (let w = 0; w < weeks; w++) {
      const weekStart = start.plus({ weeks: w });
      const enrolled = citizens.filter((_, i) => Math.floor((i * weeks) / perUnit / 1.3) <= w);
      const slotRows: (typeof dayPlanSlotsTable.$inferInsert)[] = [];
      const recordRows: (typeof callRecordsTable.$inferInsert)[] = [];
      for (const c of enrolled)
        for (let k = 0; k < 2; k++) {
          const plannedAt = weekStart
            .plus({ days: 1 + k * 2, hours: 9 + Math.floor(random() * 6) })
            .toJSDate();
          const staffId = guide ?? members[Math.floor(random() * members.length)]!.staffId;
          const id = crypto.randomUUID();
          const roll = random();
          const connected = roll < 0.72;
          const type = TYPES[Math.floor(random() * TYPES.length)]!;
          const outcome =
            connected || roll < 0.8 ? 'completed' : roll < 0.92 ? 'no_answer' : ('cancelled' as const);
          const via =
            outcome !== 'completed' ? null : connected ? 'screen_call' : random() < 0.5 ? 'phone' : 'on_site';
          slotRows.push({
            id,
            municipalityId,
            citizenId: c.id,
            unitId: served_.id,
            staffId: guide,
            type,
            plannedAt,
            outcome,
            completedVia: via,
            cancelReason: outcome === 'cancelled' ? REASONS[Math.floor(random() * REASONS.length)]! : null,
            outcomeAt: plannedAt,
            outcomeBy: staffId,
            createdAt: weekStart.toJSDate(),
          });
          if (outcome === 'cancelled') continue;
          const answerAt = connected ? new Date(plannedAt.getTime() + 9_000) : null;
          const minutes = 3 + Math.floor(random() * (type === 'conversation' ? 25 : 9));
          recordRows.push({
            callId: crypto.randomUUID(),
            municipalityId,
            callerKind: 'staff',
            callerId: staffId,
            calleeKind: 'citizen',
            calleeId: c.id,
            slotId: id,
            ringAt: plannedAt,
            answerAt,
            connectedAt: answerAt && new Date(answerAt.getTime() + 2_000),
            endAt: answerAt
              ? new Date(answerAt.getTime() + minutes * 60_000)
              : new Date(plannedAt.getTime() + 45_000),
            endReason: connected ? 'hung_up' : 'no_answer',
          });
        }
      if (slotRows.length) await db.insert(dayPlanSlotsTable).values(slotRows);
      if (recordRows.length) await db.insert(callRecordsTable).values(recordRows);
      slots += slotRows.length;
      calls += recordRows.length;
    }
  }
  const nightCalls = pool
    ? await seedNightWatch(db, {
        poolUnitId: pool.id,
        municipalityId,
        start,
        weeks,
        now,
        random,
        residents: madeUpCitizens,
      })
    : 0;
  await agreeWithHistory(db, { municipalityId, now, zone });
  return { slots, calls, nightCalls };
}

/**
 * The k-th made-up citizen's name, distinct for k < 48: names sharing a first name (k, k + 12, k + 24, k + 36)
 * have last names 0, 5, 2 and 7 places apart. (The earlier `(i + unit, 5i + unit)` gave the facility the home-care
 * team's list shifted by two, so most names came twice.)
 */
function madeUpCitizenName(k: number): string {
  return `${FIRST[k % FIRST.length]} ${LAST[(k + Math.floor(k / FIRST.length)) % LAST.length]}`;
}
