import { and, eq, inArray, isNull } from 'drizzle-orm';
import { appendAudit, callPermissionsTable, citizenEnrolmentsTable, unitsTable } from '../../db/index.js';
import { type CareDeps, nowOf, pushNightWatchHours, recheckLiveCalls } from '../route-helpers.js';

/**
 * Closes EVERY open relation of a citizen at once, with its call permissions, then re-checks live calls so a
 * call in progress ends `permission_revoked` (the same effects as closeEnrolment, for all units). Used by: the
 * end of a service case (node/service-end.ts fills the ServiceEnd port with it); the one who ends the case
 * may manage only one of the citizen's units, but the service ends for all of them (issue 13 §3).
 */
export async function closeAllRelationsOf(
  deps: CareDeps,
  input: { municipalityId: string; citizenId: string; staffId: string; ip: string | null },
): Promise<number> {
  const db = deps.db.db;
  const at = nowOf(deps);
  const closed = await db.transaction(async (tx) => {
    const inMunicipality = tx
      .select({ id: unitsTable.id })
      .from(unitsTable)
      .where(eq(unitsTable.municipalityId, input.municipalityId));
    const rows = await tx
      .update(citizenEnrolmentsTable)
      .set({ endedAt: at })
      .where(
        and(
          eq(citizenEnrolmentsTable.citizenId, input.citizenId),
          isNull(citizenEnrolmentsTable.endedAt),
          inArray(citizenEnrolmentsTable.unitId, inMunicipality),
        ),
      )
      .returning({ id: citizenEnrolmentsTable.id, unitId: citizenEnrolmentsTable.unitId });
    if (rows.length)
      await tx
        .update(callPermissionsTable)
        .set({ revokedAt: at })
        .where(
          and(
            inArray(
              callPermissionsTable.enrolmentId,
              rows.map((r) => r.id),
            ),
            isNull(callPermissionsTable.revokedAt),
          ),
        );
    for (const r of rows)
      await appendAudit(tx, {
        municipalityId: input.municipalityId,
        at,
        actorKind: 'staff',
        actorId: input.staffId,
        ip: input.ip,
        action: 'care.enrolment.closed',
        targetKind: 'citizen',
        targetId: input.citizenId,
        details: { enrolmentId: r.id, unitId: r.unitId, reason: 'service_case_ended' },
      });
    return rows.length;
  });
  if (closed) await recheckLiveCalls(deps);
  // Her night-watch row went with her relations: her kiosk's lamp goes out (route-helpers.ts pushNightWatchHours).
  if (closed) await pushNightWatchHours(deps, input.municipalityId, [input.citizenId]);
  return closed;
}
