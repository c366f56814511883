import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { type AuditRow, auditLogTable, type Db } from '../db/index.js';
import type { Role } from '../kernel/principal.js';

/**
 * Who sees which audit entries. Support and system admins see their own municipality's log in full.
 * Vendor support (2nd line) gets diagnostics only, never personal data (the customer's rule): just entries
 * a device or the system made about a device, and without IP addresses. Entries naming a staff member or
 * citizen as actor or target are never shown to it. Every other role sees nothing.
 */
export type AuditView = 'full' | 'device_diagnostics';

export function auditViewFor(role: Role): AuditView | null {
  if (role === 'support' || role === 'system_admin') return 'full';
  if (role === 'vendor_support') return 'device_diagnostics';
  return null;
}

function viewFilter(view: AuditView): SQL | undefined {
  if (view === 'full') return undefined;
  return and(eq(auditLogTable.targetKind, 'device'), inArray(auditLogTable.actorKind, ['device', 'system']));
}

export function present(row: AuditRow, view: AuditView) {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorKind: row.actorKind,
    actorId: row.actorId,
    action: row.action,
    targetKind: row.targetKind,
    targetId: row.targetId,
    ip: view === 'full' ? row.ip : null,
    details: row.details,
  };
}
export type PresentedAudit = ReturnType<typeof present>;

/** Newest first, keyset-paged by id (stable while entries are appended). Used by GET /api/audit and export. */
export async function readAudit(
  db: Db,
  municipalityId: string,
  view: AuditView,
  options: { limit: number; before?: number | undefined },
): Promise<PresentedAudit[]> {
  const rows = await db
    .select()
    .from(auditLogTable)
    .where(
      and(
        eq(auditLogTable.municipalityId, municipalityId),
        viewFilter(view),
        options.before === undefined ? undefined : lt(auditLogTable.id, options.before),
      ),
    )
    .orderBy(desc(auditLogTable.id))
    .limit(options.limit);
  return rows.map((r) => present(r, view));
}
