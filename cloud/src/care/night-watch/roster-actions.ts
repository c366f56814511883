import { and, eq } from 'drizzle-orm';
import { dutyShiftsTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { careAction } from '../care-action.js';
import { addManualShift, importRoster, listRoster, myWatches, type StoredShift } from '../index.js';
import { displayNames } from '../names.js';
import { auditCare, type CareDeps, nowOf } from '../route-helpers.js';
import { isMember, managedUnit, municipalityZone, poolMemberOrSupport, poolOf } from '../scope.js';

/** A listed period is bounded, so one request cannot ask for a decade of shifts. */
export const MAX_ROSTER_DAYS = 92;

export function rosterPeriod(from: string | undefined, to: string | undefined, now: Date) {
  const start = from ? new Date(from) : now;
  const end = to ? new Date(to) : new Date(start.getTime() + 14 * 86_400_000);
  if (end.getTime() <= start.getTime()) throw AppError.invalidInput('`to` must be after `from`.');
  if (end.getTime() - start.getTime() > MAX_ROSTER_DAYS * 86_400_000)
    throw AppError.invalidInput(`Ask for at most ${MAX_ROSTER_DAYS} days at a time.`);
  return { start, end };
}

async function withNames(deps: CareDeps, shifts: readonly StoredShift[]) {
  const name = await displayNames(deps.db.db, {
    staff: shifts.map((s) => s.staffId),
    units: shifts.map((s) => s.poolUnitId),
  });
  return shifts.map((s) => ({
    id: s.id,
    poolUnitId: s.poolUnitId,
    poolName: name.get(s.poolUnitId) ?? '',
    staffId: s.staffId,
    displayName: name.get(s.staffId) ?? '',
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    source: s.source,
    overridesShiftId: s.overridesShiftId,
  }));
}

/** Used by: POST /api/night-watch/pools/:id/roster/import. All rows or nothing; `dryRun` only reports. */
export async function importPoolRoster(
  deps: CareDeps,
  principal: Principal,
  poolUnitId: string,
  input: { format: 'csv' | 'ical'; text: string; dryRun: boolean },
  ip: string | null,
) {
  const db = deps.db.db;
  await poolOf(db, principal, poolUnitId);
  await managedUnit(db, principal, poolUnitId);
  const report = await careAction(async () =>
    importRoster(db, {
      poolUnitId,
      ...input,
      timeZone: await municipalityZone(db, principal.municipalityId),
      at: nowOf(deps),
    }),
  );
  if (report.written)
    await auditCare(deps, principal, ip, {
      action: 'care.roster.imported',
      targetKind: 'unit',
      targetId: poolUnitId,
      details: { format: input.format, shifts: report.shifts, cancelled: report.cancelled },
    });
  return report;
}

/** Used by: GET /api/night-watch/pools/:id/roster. */
export async function readRoster(
  deps: CareDeps,
  principal: Principal,
  poolUnitId: string,
  start: Date,
  end: Date,
) {
  await poolMemberOrSupport(deps.db.db, principal, poolUnitId);
  return withNames(deps, await listRoster(deps.db.db, poolUnitId, start, end));
}

/** Used by: GET /api/night-watch/my-watches ("when do I have the watch?"). */
export async function readMyWatches(deps: CareDeps, principal: Principal, start: Date, end: Date) {
  return withNames(deps, await myWatches(deps.db.db, principal.id, start, end));
}

export type ManualShiftInput =
  | { staffId: string; startsAt: string; endsAt: string; overridesShiftId?: string | undefined }
  | { cancelShiftId: string };

/**
 * Used by: POST /api/night-watch/pools/:id/roster/shifts. A manual shift, a replacement of a scheduled one
 * (`overridesShiftId`), or a cancellation (`cancelShiftId`). Support, or a manager of the pool.
 */
export async function addPoolShift(
  deps: CareDeps,
  principal: Principal,
  poolUnitId: string,
  input: ManualShiftInput,
  ip: string | null,
) {
  const db = deps.db.db;
  await poolOf(db, principal, poolUnitId);
  await managedUnit(db, principal, poolUnitId);
  const at = nowOf(deps);
  let shift: { staffId: string; startsAt: Date; endsAt: Date; overridesShiftId?: string; cancel?: boolean };
  if ('cancelShiftId' in input) {
    const [target] = await db
      .select()
      .from(dutyShiftsTable)
      .where(and(eq(dutyShiftsTable.id, input.cancelShiftId), eq(dutyShiftsTable.poolUnitId, poolUnitId)));
    if (!target) throw AppError.notFound('Shift');
    shift = { ...target, overridesShiftId: target.id, cancel: true };
  } else {
    if (!(await isMember(db, input.staffId, poolUnitId)))
      throw AppError.invalidInput('That staff member is not in this night-watch pool.');
    shift = {
      staffId: input.staffId,
      startsAt: new Date(input.startsAt),
      endsAt: new Date(input.endsAt),
      ...(input.overridesShiftId ? { overridesShiftId: input.overridesShiftId } : {}),
    };
    if (shift.endsAt.getTime() <= shift.startsAt.getTime())
      throw AppError.invalidInput('A shift must end after it starts.');
    const existing = (await listRoster(db, poolUnitId, shift.startsAt, shift.endsAt)).filter(
      (s) => s.id !== shift.overridesShiftId,
    );
    const clash = existing.some(
      (s) =>
        s.staffId === shift.staffId &&
        s.startsAt.getTime() < shift.endsAt.getTime() &&
        shift.startsAt.getTime() < s.endsAt.getTime(),
    );
    if (clash) throw AppError.conflict('That member already has an overlapping watch.');
  }
  const { id } = await careAction(() => addManualShift(db, { poolUnitId, ...shift, at }));
  await auditCare(deps, principal, ip, {
    action: shift.cancel ? 'care.roster.shift_cancelled' : 'care.roster.shift_added',
    targetKind: 'unit',
    targetId: poolUnitId,
    details: { shiftId: id, staffId: shift.staffId, overridesShiftId: shift.overridesShiftId ?? null },
  });
  return { id };
}
