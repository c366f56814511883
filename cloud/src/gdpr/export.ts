import { and, eq, or, sql } from 'drizzle-orm';
import {
  type AuditActorKind,
  appendAudit,
  auditLogTable,
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  devicesTable,
  sessionsTable,
  unitsTable,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import { citizenLinks, KNOWN_CITIZEN_TABLES, rowsOf, SECRET_COLUMN } from './citizen-links.js';
import { exportLinkedRecords } from './linked-records.js';

export interface ExportActor {
  readonly kind: AuditActorKind;
  readonly id: string | null;
  readonly ip: string | null;
}

/**
 * Everything stored about one citizen, as JSON (GDPR art. 15 access, art. 20 portability). Secret material
 * (credential hashes, codes) is left out. The export is audited as a data export. Used by:
 * GET /api/citizens/:id/export.
 */
export async function exportCitizen(
  db: Db,
  municipalityId: string,
  citizenId: string,
  actor: ExportActor,
  now: Date,
) {
  const [profile] = await db
    .select()
    .from(citizensTable)
    .where(and(eq(citizensTable.id, citizenId), eq(citizensTable.municipalityId, municipalityId)));
  if (!profile) throw AppError.notFound('Citizen');

  const enrolments = await db
    .select({
      unitId: citizenEnrolmentsTable.unitId,
      unitName: unitsTable.name,
      guideStaffId: citizenEnrolmentsTable.guideStaffId,
      startedAt: citizenEnrolmentsTable.startedAt,
      endedAt: citizenEnrolmentsTable.endedAt,
    })
    .from(citizenEnrolmentsTable)
    .innerJoin(unitsTable, eq(unitsTable.id, citizenEnrolmentsTable.unitId))
    .where(eq(citizenEnrolmentsTable.citizenId, citizenId));
  const devices = await db
    .select({ id: devicesTable.id, label: devicesTable.label, lifecycle: devicesTable.lifecycle })
    .from(devicesTable)
    .where(eq(devicesTable.citizenId, citizenId));
  const sessions = await db
    .select({
      id: sessionsTable.id,
      stage: sessionsTable.stage,
      method: sessionsTable.method,
      ip: sessionsTable.ip,
      createdAt: sessionsTable.createdAt,
      lastSeenAt: sessionsTable.lastSeenAt,
      expiresAt: sessionsTable.expiresAt,
      revokedAt: sessionsTable.revokedAt,
      revokedReason: sessionsTable.revokedReason,
    })
    .from(sessionsTable)
    .where(eq(sessionsTable.citizenId, citizenId));

  // Credentials, activation codes and whatever else later features link to the citizen: metadata only.
  const other: Record<string, Record<string, unknown>[]> = {};
  for (const link of await citizenLinks(db)) {
    if (KNOWN_CITIZEN_TABLES.has(link.table)) continue;
    const rows = rowsOf<Record<string, unknown>>(
      await db.execute(
        sql`select * from ${sql.identifier(link.table)} where ${sql.identifier(link.column)} = ${citizenId}`,
      ),
    );
    other[link.table] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([column]) => !SECRET_COLUMN.test(column))),
    );
  }

  const audit = await db
    .select()
    .from(auditLogTable)
    .where(
      and(
        eq(auditLogTable.municipalityId, municipalityId),
        or(eq(auditLogTable.targetId, citizenId), eq(auditLogTable.actorId, citizenId)),
      ),
    )
    .orderBy(auditLogTable.id);

  await appendAudit(db, {
    municipalityId,
    actorKind: actor.kind,
    actorId: actor.id,
    action: 'data.exported',
    targetKind: 'citizen',
    targetId: citizenId,
    ip: actor.ip,
    details: { kind: 'gdpr_subject_export' },
  });

  return {
    exportedAt: now.toISOString(),
    profile: {
      id: profile.id,
      displayName: profile.displayName,
      initials: profile.initials,
      photoRef: profile.photoRef,
      createdAt: profile.createdAt,
      lastLoginAt: profile.lastLoginAt,
      disabledAt: profile.disabledAt,
    },
    enrolments,
    devices,
    sessions,
    credentials: other,
    ...(await exportLinkedRecords(db, citizenId)),
    audit: audit.map((a) => ({
      id: a.id,
      at: a.at,
      action: a.action,
      actorKind: a.actorKind,
      actorId: a.actorId,
      targetKind: a.targetKind,
      targetId: a.targetId,
      ip: a.ip,
      details: a.details,
    })),
  };
}
