import { randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { hashPassword } from '../auth/password/hashing.js';
import { rowsOf } from '../db/database.js';
import {
  citizenCredentialsTable,
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  devicesTable,
  municipalitiesTable,
  staffInvitesTable,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import { sha256Hex } from '../db/repos/secrets.js';

const DAY_MS = 86_400_000;
/** As long as a real invitation link works (auth/invites/invites.ts INVITE_VALID_DAYS). */
const INVITE_VALID_DAYS = 14;

/** One person's part in the history: when first named, when first and last logged in, in which units. */
interface Part {
  seen: Date;
  firstUse: Date | null;
  lastUse: Date | null;
  units: Set<string>;
}

/**
 * DEMO ONLY (seed-history.ts, after seedCareDemo's last week and the made-up weeks): the people's own records
 * made to agree with every call, visit and night-watch press already written, as support reads them on the staff
 * and citizen cards and in Advarsler. Read from the rows themselves, so the demo's own people (seedDemo, made at
 * the seed's now) and the made-up ones follow one rule:
 *  - whoever the history names existed before it: created, enrolled and a member of the unit no later than the
 *    Monday of the week they first appear in (a call before the person existed read as nonsense);
 *  - whoever placed, answered or recorded a call was logged in then: `last_login_at` is the last such moment;
 *  - a login takes a credential. A staff member without a password chose one from an invitation at the first
 *    login ("Har valgt en adgangskode", "Invitation: Brugt"); a citizen without a loan kiosk has the browser
 *    her activation code bound ("Nr. 1 … Virker"). The password and the token are random and dropped here, so the
 *    demo prints and knows no way in as them. A resident with a loan kiosk never logs in: the kiosk has its own.
 * Only moments up to `now` count: the history never lies ahead.
 */
export async function agreeWithHistory(
  db: Db,
  input: { municipalityId: string; now: Date; zone: string },
): Promise<void> {
  const { municipalityId, now, zone } = input;
  const monday = (at: Date) => DateTime.fromJSDate(at, { zone }).startOf('week').toJSDate();
  const staff = parts(
    rowsOf<Row>(
      await db.execute(sql`select id, unit_id, at, used from (
        select r.caller_id as id, s.unit_id, r.ring_at as at, r.ring_at as used
          from call_records r left join day_plan_slots s on s.id = r.slot_id
          where r.caller_kind = 'staff' and r.municipality_id = ${municipalityId}
        union all select r.answered_by_staff_id, null, r.answer_at, r.answer_at from call_records r
          where r.answered_by_staff_id is not null and r.municipality_id = ${municipalityId}
        union all select d.outcome_by, d.unit_id, d.outcome_at, d.outcome_at from day_plan_slots d
          where d.outcome_by is not null and d.municipality_id = ${municipalityId}
        union all select n.accepted_by, n.pool_unit_id, n.accepted_at, n.accepted_at
          from night_watch_calls n join units u on u.id = n.pool_unit_id
          where n.accepted_by is not null and u.municipality_id = ${municipalityId}
      ) x where at <= ${now.toISOString()}`),
    ),
  );
  const citizens = parts(
    rowsOf<Row>(
      await db.execute(sql`select id, unit_id, at, used from (
        select r.callee_id as id, s.unit_id, r.ring_at as at, r.answer_at as used
          from call_records r left join day_plan_slots s on s.id = r.slot_id
          where r.callee_kind = 'citizen' and r.municipality_id = ${municipalityId}
        union all select r.caller_id, null, r.ring_at, r.ring_at from call_records r
          where r.caller_kind = 'citizen' and r.municipality_id = ${municipalityId}
        union all select n.citizen_id, null, n.placed_at, n.placed_at
          from night_watch_calls n join citizens c on c.id = n.citizen_id
          where c.municipality_id = ${municipalityId}
        union all select d.citizen_id, d.unit_id, d.planned_at, null from day_plan_slots d
          where d.municipality_id = ${municipalityId}
      ) x where at <= ${now.toISOString()}`),
    ),
  );

  const unitSince = new Map<string, Date>();
  const earliest = (map: Map<string, Date>, id: string, at: Date) => {
    if (!map.has(id) || map.get(id)! > at) map.set(id, at);
  };
  for (const [id, p] of staff) {
    const since = monday(p.seen);
    await db
      .update(staffTable)
      .set({ createdAt: since })
      .where(and(eq(staffTable.id, id), gt(staffTable.createdAt, since)));
    for (const unitId of p.units) earliest(unitSince, unitId, since);
    if (p.units.size)
      await db
        .update(unitMembershipsTable)
        .set({ since })
        .where(
          and(
            eq(unitMembershipsTable.staffId, id),
            inArray(unitMembershipsTable.unitId, [...p.units]),
            gt(unitMembershipsTable.since, since),
          ),
        );
    if (p.firstUse && p.lastUse) await staffLoggedIn(db, municipalityId, id, p.firstUse, p.lastUse);
  }
  const lent = new Set(
    (
      await db
        .select({ citizenId: devicesTable.citizenId })
        .from(devicesTable)
        .where(eq(devicesTable.municipalityId, municipalityId))
    ).map((d) => d.citizenId),
  );
  for (const [id, p] of citizens) {
    const since = monday(p.seen);
    await db
      .update(citizensTable)
      .set({ createdAt: since })
      .where(and(eq(citizensTable.id, id), gt(citizensTable.createdAt, since)));
    for (const unitId of p.units) earliest(unitSince, unitId, since);
    if (p.units.size)
      await db
        .update(citizenEnrolmentsTable)
        .set({ startedAt: since })
        .where(
          and(
            eq(citizenEnrolmentsTable.citizenId, id),
            inArray(citizenEnrolmentsTable.unitId, [...p.units]),
            isNull(citizenEnrolmentsTable.endedAt),
            gt(citizenEnrolmentsTable.startedAt, since),
          ),
        );
    if (p.firstUse && p.lastUse && !lent.has(id))
      await citizenLoggedIn(db, municipalityId, id, p.firstUse, p.lastUse);
  }
  for (const [unitId, since] of unitSince)
    await db
      .update(unitsTable)
      .set({ createdAt: since })
      .where(and(eq(unitsTable.id, unitId), gt(unitsTable.createdAt, since)));
  const first = [...unitSince.values()].sort((a, b) => a.getTime() - b.getTime())[0];
  if (first)
    await db
      .update(municipalitiesTable)
      .set({ createdAt: first })
      .where(and(eq(municipalitiesTable.id, municipalityId), gt(municipalitiesTable.createdAt, first)));
}

interface Row {
  id: string;
  unit_id: string | null;
  at: string | Date;
  used: string | Date | null;
}

function parts(rows: readonly Row[]): Map<string, Part> {
  const out = new Map<string, Part>();
  for (const r of rows) {
    const at = new Date(r.at);
    const used = r.used === null ? null : new Date(r.used);
    const p = out.get(r.id) ?? { seen: at, firstUse: null, lastUse: null, units: new Set<string>() };
    if (at < p.seen) p.seen = at;
    if (used && (!p.firstUse || used < p.firstUse)) p.firstUse = used;
    if (used && (!p.lastUse || used > p.lastUse)) p.lastUse = used;
    if (r.unit_id) p.units.add(r.unit_id);
    out.set(r.id, p);
  }
  return out;
}

async function staffLoggedIn(db: Db, municipalityId: string, id: string, first: Date, last: Date) {
  const [row] = await db
    .select({ createdAt: staffTable.createdAt, passwordHash: staffTable.passwordHash })
    .from(staffTable)
    .where(eq(staffTable.id, id));
  if (!row) return;
  await db.update(staffTable).set({ lastLoginAt: last }).where(eq(staffTable.id, id));
  if (row.passwordHash !== null) return;
  const issuedAt = new Date(Math.max(row.createdAt.getTime(), first.getTime() - DAY_MS));
  await db.insert(staffInvitesTable).values({
    municipalityId,
    staffId: id,
    tokenHash: sha256Hex(randomBytes(32).toString('base64url')),
    createdAt: issuedAt,
    expiresAt: new Date(issuedAt.getTime() + INVITE_VALID_DAYS * DAY_MS),
    usedAt: first,
  });
  await db
    .update(staffTable)
    .set({
      passwordHash: await hashPassword(randomBytes(32).toString('base64url')),
      passwordChangedAt: first,
    })
    .where(eq(staffTable.id, id));
}

async function citizenLoggedIn(db: Db, municipalityId: string, id: string, first: Date, last: Date) {
  await db.update(citizensTable).set({ lastLoginAt: last }).where(eq(citizensTable.id, id));
  const bound = await db
    .select({ id: citizenCredentialsTable.id })
    .from(citizenCredentialsTable)
    .where(and(eq(citizenCredentialsTable.citizenId, id), isNull(citizenCredentialsTable.revokedAt)));
  if (bound.length) return;
  await db.insert(citizenCredentialsTable).values({
    citizenId: id,
    municipalityId,
    tokenHash: sha256Hex(randomBytes(32).toString('base64url')),
    label: 'browser',
    createdAt: first,
    lastUsedAt: last,
  });
}
