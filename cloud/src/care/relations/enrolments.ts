import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  type CallDirection,
  callPermissionsTable,
  citizenEnrolmentsTable,
  unitsTable,
} from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { careAction, isUniqueViolation } from '../care-action.js';
import { grantCallPermission, revokeCallPermission } from '../index.js';
import { auditCare, type CareDeps, nowOf, pushNightWatchHours, recheckLiveCalls } from '../route-helpers.js';
import { citizenInScope, citizenOf, isMember, managedUnit, staffOf } from '../scope.js';

/** Kinds a citizen can be enrolled in; a night-watch pool is reached through a facility's coverage. */
export const ENROLABLE = ['home_care_team', 'home_guidance', 'facility'] as const;

/** Used by: POST /api/enrolments (and the bulk import's checks mirror it). */
export async function enrolCitizen(
  deps: CareDeps,
  principal: Principal,
  input: { citizenId: string; unitId: string; guideStaffId?: string | null | undefined },
  ip: string | null,
) {
  const db = deps.db.db;
  await citizenOf(db, principal, input.citizenId);
  const unit = await managedUnit(db, principal, input.unitId);
  if (!(ENROLABLE as readonly string[]).includes(unit.kind))
    throw AppError.invalidInput(
      'Citizens are enrolled in a home-care team, a home-guidance unit or a facility.',
    );
  const guide = input.guideStaffId ?? null;
  if (unit.kind === 'home_guidance' && !guide)
    throw AppError.invalidInput(
      'Home guidance needs a guide (guideStaffId): only the guide calls the citizen.',
    );
  if (unit.kind !== 'home_guidance' && guide)
    throw AppError.invalidInput('Only home-guidance enrolments have a guide.');
  if (guide) {
    await staffOf(db, principal, guide);
    if (!(await isMember(db, guide, unit.id)))
      throw AppError.invalidInput('The guide must be a member of the home-guidance unit.');
  }
  let row: { id: string } | undefined;
  try {
    [row] = await db
      .insert(citizenEnrolmentsTable)
      .values({ citizenId: input.citizenId, unitId: unit.id, guideStaffId: guide, startedAt: nowOf(deps) })
      .returning({ id: citizenEnrolmentsTable.id });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict('The citizen is already enrolled in this unit.');
    throw error;
  }
  await auditCare(deps, principal, ip, {
    action: 'care.enrolment.created',
    targetKind: 'citizen',
    targetId: input.citizenId,
    details: { enrolmentId: row!.id, unitId: unit.id, guideStaffId: guide },
  });
  return { id: row!.id, citizenId: input.citizenId, unitId: unit.id, guideStaffId: guide };
}

/** An open or closed enrolment of the principal's municipality, with its unit (404 otherwise). */
export async function enrolmentOf(deps: CareDeps, principal: Principal, enrolmentId: string) {
  const [row] = await deps.db.db
    .select({
      id: citizenEnrolmentsTable.id,
      citizenId: citizenEnrolmentsTable.citizenId,
      unitId: citizenEnrolmentsTable.unitId,
      endedAt: citizenEnrolmentsTable.endedAt,
    })
    .from(citizenEnrolmentsTable)
    .innerJoin(unitsTable, eq(unitsTable.id, citizenEnrolmentsTable.unitId))
    .where(
      and(
        eq(citizenEnrolmentsTable.id, enrolmentId),
        eq(unitsTable.municipalityId, principal.municipalityId),
      ),
    );
  if (!row) throw AppError.notFound('Enrolment');
  return row;
}

/**
 * Used by: POST /api/enrolments/:id/close. Effective at once: the permission service reloads relations on every
 * attempt (care/permissions/service.ts), so the next attempt is refused on every node. Open permissions on the
 * enrolment are revoked too (kept as history), and the call router re-checks live calls at once, ending those
 * no longer allowed (permission_revoked).
 */
export async function closeEnrolment(
  deps: CareDeps,
  principal: Principal,
  enrolmentId: string,
  ip: string | null,
) {
  const db = deps.db.db;
  const enrolment = await enrolmentOf(deps, principal, enrolmentId);
  await managedUnit(db, principal, enrolment.unitId);
  if (enrolment.endedAt) throw AppError.conflict('This enrolment is already closed.');
  const at = nowOf(deps);
  const revoked = await db.transaction(async (tx) => {
    const closed = await tx
      .update(citizenEnrolmentsTable)
      .set({ endedAt: at })
      .where(and(eq(citizenEnrolmentsTable.id, enrolmentId), isNull(citizenEnrolmentsTable.endedAt)))
      .returning({ id: citizenEnrolmentsTable.id });
    if (closed.length === 0) throw AppError.conflict('This enrolment is already closed.');
    const rows = await tx
      .update(callPermissionsTable)
      .set({ revokedAt: at })
      .where(and(eq(callPermissionsTable.enrolmentId, enrolmentId), isNull(callPermissionsTable.revokedAt)))
      .returning({ id: callPermissionsTable.id });
    return rows.length;
  });
  const callsEnded = await recheckLiveCalls(deps);
  // Her night-watch row may have gone with it (and her kiosk's contacts with the enrolment): a new config.
  if (revoked > 0) await pushNightWatchHours(deps, principal.municipalityId, [enrolment.citizenId]);
  await auditCare(deps, principal, ip, {
    action: 'care.enrolment.closed',
    targetKind: 'citizen',
    targetId: enrolment.citizenId,
    details: { enrolmentId, unitId: enrolment.unitId, permissionsRevoked: revoked, callsEnded },
  });
  return { closedAt: at.toISOString(), permissionsRevoked: revoked, callsEnded };
}

/** Used by: GET /api/citizens/:id/relations. Support, or staff who share one of the citizen's units. */
export async function citizenRelations(deps: CareDeps, principal: Principal, citizenId: string) {
  const db = deps.db.db;
  await citizenInScope(db, principal, citizenId);
  const enrolments = await db
    .select({
      id: citizenEnrolmentsTable.id,
      unitId: citizenEnrolmentsTable.unitId,
      unitKind: unitsTable.kind,
      unitName: unitsTable.name,
      guideStaffId: citizenEnrolmentsTable.guideStaffId,
      startedAt: citizenEnrolmentsTable.startedAt,
      endedAt: citizenEnrolmentsTable.endedAt,
    })
    .from(citizenEnrolmentsTable)
    .innerJoin(unitsTable, eq(unitsTable.id, citizenEnrolmentsTable.unitId))
    .where(eq(citizenEnrolmentsTable.citizenId, citizenId))
    .orderBy(asc(citizenEnrolmentsTable.startedAt));
  const permissions = enrolments.length
    ? await db
        .select()
        .from(callPermissionsTable)
        .where(
          and(
            inArray(
              callPermissionsTable.enrolmentId,
              enrolments.map((e) => e.id),
            ),
            isNull(callPermissionsTable.revokedAt),
          ),
        )
    : [];
  return enrolments.map((e) => ({
    ...e,
    startedAt: e.startedAt.toISOString(),
    endedAt: e.endedAt?.toISOString() ?? null,
    permissions: permissions
      .filter((p) => p.enrolmentId === e.id)
      .map((p) => ({
        id: p.id,
        direction: p.direction,
        windows: p.windows as unknown,
        since: p.createdAt.toISOString(),
      })),
  }));
}

/** Used by: PUT /api/enrolments/:id/permissions/:direction. Replaces the open permission of that direction. */
export async function setPermission(
  deps: CareDeps,
  principal: Principal,
  enrolmentId: string,
  direction: CallDirection,
  windows: unknown,
  ip: string | null,
) {
  const enrolment = await enrolmentOf(deps, principal, enrolmentId);
  await managedUnit(deps.db.db, principal, enrolment.unitId);
  if (enrolment.endedAt) throw AppError.conflict('This enrolment is closed.');
  const { id } = await careAction(() =>
    grantCallPermission(deps.db.db, {
      municipalityId: principal.municipalityId,
      enrolmentId,
      direction,
      windows,
      createdBy: principal.id,
      at: nowOf(deps),
    }),
  );
  await auditCare(deps, principal, ip, {
    action: 'care.permission.granted',
    targetKind: 'citizen',
    targetId: enrolment.citizenId,
    details: { enrolmentId, direction, permissionId: id, windowed: windows !== null },
  });
  if (direction === 'citizen_to_night_watch')
    await pushNightWatchHours(deps, principal.municipalityId, [enrolment.citizenId]);
  return { id, direction };
}

/** Used by: DELETE /api/enrolments/:id/permissions/:direction. Takes effect at the next attempt. */
export async function removePermission(
  deps: CareDeps,
  principal: Principal,
  enrolmentId: string,
  direction: CallDirection,
  ip: string | null,
) {
  const enrolment = await enrolmentOf(deps, principal, enrolmentId);
  await managedUnit(deps.db.db, principal, enrolment.unitId);
  const closed = await revokeCallPermission(deps.db.db, { enrolmentId, direction, at: nowOf(deps) });
  if (closed === 0) throw AppError.notFound('Permission');
  await recheckLiveCalls(deps);
  if (direction === 'citizen_to_night_watch')
    await pushNightWatchHours(deps, principal.municipalityId, [enrolment.citizenId]);
  await auditCare(deps, principal, ip, {
    action: 'care.permission.revoked',
    targetKind: 'citizen',
    targetId: enrolment.citizenId,
    details: { enrolmentId, direction },
  });
}
