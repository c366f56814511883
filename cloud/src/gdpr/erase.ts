import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  appendAudit,
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  devicesTable,
  sessionsTable,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { DeactivationActor, Deactivator } from '../kernel/ports.js';
import { citizenLinks, KNOWN_CITIZEN_TABLES, rowsOf } from './citizen-links.js';
import { eraseLinkedRecords } from './linked-records.js';

/** What an erased citizen's row shows: the row stays so enrolment history and ids keep their meaning. */
export const ERASED_DISPLAY_NAME = '[erased]';

export interface ErasureOutcome {
  readonly devicesUnlinked: number;
  readonly sessionsScrubbed: number;
  readonly rowsDeleted: Record<string, number>;
}

/**
 * GDPR art. 17 erasure of a citizen. Access ends first (Deactivator: sessions revoked, sockets closed), then
 * in one transaction: the profile is anonymised (name replaced, initials and photo reference removed),
 * session IP addresses cleared, lent devices unlinked, open enrolments ended, and every row another
 * feature linked to the citizen (credentials, codes, day-plan slots, service cases) deleted, with the call
 * records and quality reports that carry no foreign key (linked-records.ts). The append-only audit log is not touched (it
 * never holds names); a tombstone entry records that the erasure happened. Used by: DELETE /api/citizens/:id.
 */
export async function eraseCitizen(
  db: Db,
  deactivator: Deactivator,
  municipalityId: string,
  citizenId: string,
  actor: DeactivationActor,
  now: Date,
): Promise<ErasureOutcome> {
  const [citizen] = await db
    .select({ id: citizensTable.id })
    .from(citizensTable)
    .where(and(eq(citizensTable.id, citizenId), eq(citizensTable.municipalityId, municipalityId)));
  if (!citizen) throw AppError.notFound('Citizen');
  // Closing her already ends her kiosk loans (and wipes those kiosks): they count as unlinked below.
  const closed = await deactivator.disableCitizen(municipalityId, citizenId, actor, 'erasure');

  const links = (await citizenLinks(db)).filter((l) => !KNOWN_CITIZEN_TABLES.has(l.table));
  return db.transaction(async (tx) => {
    const rowsDeleted: Record<string, number> = await eraseLinkedRecords(tx, citizenId);
    for (const link of links) {
      const deleted = rowsOf(
        await tx.execute(
          sql`delete from ${sql.identifier(link.table)} where ${sql.identifier(link.column)} = ${citizenId} returning 1`,
        ),
      );
      rowsDeleted[link.table] = (rowsDeleted[link.table] ?? 0) + deleted.length;
    }
    const sessions = await tx
      .update(sessionsTable)
      .set({ ip: null })
      .where(eq(sessionsTable.citizenId, citizenId))
      .returning({ id: sessionsTable.id });
    const devices = await tx
      .update(devicesTable)
      .set({
        citizenId: null,
        lifecycle: sql`case when ${devicesTable.lifecycle} = 'lent' then 'enrolled' else ${devicesTable.lifecycle} end::device_lifecycle`,
        // An enrolled kiosk still holds her contacts: marked returned from no one, so it is lent to nobody
        // before a wipe (devices/lifecycle.ts mustWipeBeforeLending).
        returnedAt: sql`case when ${devicesTable.lifecycle} = 'lent' then ${now.toISOString()}::timestamptz else ${devicesTable.returnedAt} end`,
        returnedFromCitizenId: null,
      })
      .where(eq(devicesTable.citizenId, citizenId))
      .returning({ id: devicesTable.id });
    await tx
      .update(citizenEnrolmentsTable)
      .set({ endedAt: now })
      .where(and(eq(citizenEnrolmentsTable.citizenId, citizenId), isNull(citizenEnrolmentsTable.endedAt)));
    await tx
      .update(citizensTable)
      .set({ displayName: ERASED_DISPLAY_NAME, initials: null, photoRef: null, lastLoginAt: null })
      .where(eq(citizensTable.id, citizenId));
    const outcome = {
      devicesUnlinked: devices.length + closed.kiosksToCollect.length,
      sessionsScrubbed: sessions.length,
      rowsDeleted,
    };
    await appendAudit(tx, {
      municipalityId,
      actorKind: actor.kind,
      actorId: actor.id,
      action: 'citizen.erased',
      targetKind: 'citizen',
      targetId: citizenId,
      ip: actor.ip,
      details: { tombstone: true, deviceIds: devices.map((d) => d.id), ...outcome },
    });
    return outcome;
  });
}
