import { and, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { type Db, dutyShiftsTable, staffTable, unitMembershipsTable } from '../../db/index.js';
import { CareError } from '../errors.js';
import { effectiveShifts, type ShiftParseError, type ShiftRow, sameMemberOverlaps } from './roster.js';
import { parseRosterCsv } from './roster-csv.js';
import { parseRosterIcal } from './roster-ical.js';

export type { ShiftCandidate, ShiftParseError } from './roster.js';

export interface RosterImportReport {
  dryRun: boolean;
  /** Nothing was written unless this is true (all rows valid and not a dry run). */
  written: boolean;
  shifts: number;
  cancelled: number;
  errors: ShiftParseError[];
}

/**
 * Imports a roster file into one pool. Every row is checked first (parse, username → pool member, no member
 * on two overlapping watches, within the file or against the existing roster); ANY error means nothing is
 * written. Otherwise all rows are written in one transaction, upserting by external key.
 */
export async function importRoster(
  db: Db,
  input: {
    poolUnitId: string;
    format: 'csv' | 'ical';
    text: string;
    timeZone: string;
    dryRun: boolean;
    at: Date;
  },
): Promise<RosterImportReport> {
  const parsed =
    input.format === 'csv'
      ? { ...parseRosterCsv(input.text, input.timeZone), cancelledUids: [] as string[] }
      : parseRosterIcal(input.text, input.timeZone);
  const errors = [...parsed.errors];

  const usernames = [...new Set(parsed.candidates.map((c) => c.username))];
  const members = usernames.length
    ? await db
        .select({ id: staffTable.id, username: staffTable.username })
        .from(unitMembershipsTable)
        .innerJoin(staffTable, eq(staffTable.id, unitMembershipsTable.staffId))
        .where(
          and(
            eq(unitMembershipsTable.unitId, input.poolUnitId),
            inArray(sql`lower(${staffTable.username})`, usernames),
          ),
        )
    : [];
  const idOf = new Map(members.map((m) => [m.username.toLowerCase(), m.id]));
  const resolved = parsed.candidates.flatMap((c) => {
    const staffId = idOf.get(c.username);
    if (staffId) return [{ ...c, staffId }];
    errors.push({ row: c.row, message: `"${c.username}" is not a member of this night-watch pool` });
    return [];
  });

  if (resolved.length) {
    const from = new Date(Math.min(...resolved.map((r) => r.startsAt.getTime())));
    const to = new Date(Math.max(...resolved.map((r) => r.endsAt.getTime())));
    const replaced = new Set([...resolved.map((r) => r.externalUid), ...parsed.cancelledUids]);
    const existing = (await listShiftRows(db, input.poolUnitId, from, to)).filter(
      (s) => !s.externalUid || !replaced.has(s.externalUid),
    );
    const all = [
      ...resolved.map((r) => ({ ...r, existing: false })),
      ...effectiveShifts(existing).map((s) => ({ ...s, row: 'existing roster', existing: true })),
    ];
    for (const [a, b] of sameMemberOverlaps(all)) {
      const mine = a.existing ? b : a;
      const other = a.existing ? a : b;
      errors.push({ row: mine.row, message: `overlaps another watch of the same member (${other.row})` });
    }
  }

  const report = {
    dryRun: input.dryRun,
    shifts: resolved.length,
    cancelled: parsed.cancelledUids.length,
    errors,
  };
  if (errors.length > 0 || input.dryRun) return { ...report, written: false };
  await db.transaction(async (tx) => {
    for (const r of resolved) {
      const values = { staffId: r.staffId, startsAt: r.startsAt, endsAt: r.endsAt, cancelled: false };
      await tx
        .insert(dutyShiftsTable)
        .values({
          poolUnitId: input.poolUnitId,
          source: input.format,
          externalUid: r.externalUid,
          createdAt: input.at,
          ...values,
        })
        .onConflictDoUpdate({
          target: [dutyShiftsTable.poolUnitId, dutyShiftsTable.externalUid],
          set: values,
        });
    }
    if (parsed.cancelledUids.length)
      await tx
        .update(dutyShiftsTable)
        .set({ cancelled: true })
        .where(
          and(
            eq(dutyShiftsTable.poolUnitId, input.poolUnitId),
            inArray(dutyShiftsTable.externalUid, parsed.cancelledUids),
          ),
        );
  });
  return { ...report, written: true };
}

export type StoredShift = ShiftRow & { externalUid: string | null; source: 'manual' | 'csv' | 'ical' };

/** Every shift row (overrides and cancellations included) that overlaps [from, to). */
export async function listShiftRows(
  db: Db,
  poolUnitId: string,
  from: Date,
  to: Date,
): Promise<StoredShift[]> {
  return db
    .select({
      id: dutyShiftsTable.id,
      poolUnitId: dutyShiftsTable.poolUnitId,
      staffId: dutyShiftsTable.staffId,
      startsAt: dutyShiftsTable.startsAt,
      endsAt: dutyShiftsTable.endsAt,
      overridesShiftId: dutyShiftsTable.overridesShiftId,
      cancelled: dutyShiftsTable.cancelled,
      externalUid: dutyShiftsTable.externalUid,
      source: dutyShiftsTable.source,
    })
    .from(dutyShiftsTable)
    .where(
      and(
        eq(dutyShiftsTable.poolUnitId, poolUnitId),
        lt(dutyShiftsTable.startsAt, to),
        gt(dutyShiftsTable.endsAt, from),
      ),
    );
}

/** The roster of a pool in [from, to), overrides applied. */
export async function listRoster(db: Db, poolUnitId: string, from: Date, to: Date): Promise<StoredShift[]> {
  return effectiveShifts(await listShiftRows(db, poolUnitId, from, to));
}

/** "When do I have the watch?": a member's effective shifts in every pool, ending after `from`. */
export async function myWatches(db: Db, staffId: string, from: Date, to: Date): Promise<StoredShift[]> {
  const pools = await db
    .selectDistinct({ poolUnitId: dutyShiftsTable.poolUnitId })
    .from(dutyShiftsTable)
    .where(eq(dutyShiftsTable.staffId, staffId));
  const rows = await Promise.all(pools.map((p) => listShiftRows(db, p.poolUnitId, from, to)));
  return rows.flatMap((r) => effectiveShifts(r)).filter((s) => s.staffId === staffId);
}

/**
 * A manual shift. With `overridesShiftId` it replaces that shift (another member or other times); with
 * `cancel: true` it cancels it instead. Overriding an unknown or other pool's shift is refused.
 */
export async function addManualShift(
  db: Db,
  input: {
    poolUnitId: string;
    staffId: string;
    startsAt: Date;
    endsAt: Date;
    overridesShiftId?: string;
    cancel?: boolean;
    at: Date;
  },
): Promise<{ id: string }> {
  if (input.endsAt.getTime() <= input.startsAt.getTime())
    throw CareError.invalidInput('a shift must end after it starts');
  if (input.overridesShiftId) {
    const [target] = await db
      .select({ poolUnitId: dutyShiftsTable.poolUnitId })
      .from(dutyShiftsTable)
      .where(eq(dutyShiftsTable.id, input.overridesShiftId));
    if (target?.poolUnitId !== input.poolUnitId) throw CareError.notFound('shift');
  }
  const [row] = await db
    .insert(dutyShiftsTable)
    .values({
      poolUnitId: input.poolUnitId,
      staffId: input.staffId,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      source: 'manual',
      overridesShiftId: input.overridesShiftId ?? null,
      cancelled: input.cancel ?? false,
      createdAt: input.at,
    })
    .returning({ id: dutyShiftsTable.id });
  return row!;
}
