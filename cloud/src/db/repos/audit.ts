import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../database.js';
import type { AuditActorKind } from '../schema/enums.js';
import { auditLogTable } from '../schema/index.js';

export type AuditRow = typeof auditLogTable.$inferSelect;

/** `details`: ids, reasons and counts only. Never call content, names or other personal data. */
export interface AuditEntry {
  municipalityId?: string | null;
  at?: Date;
  actorKind: AuditActorKind;
  actorId?: string | null;
  action: string;
  targetKind?: string | null;
  targetId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

export async function appendAudit(db: Db, entry: AuditEntry): Promise<AuditRow> {
  const [row] = await db.insert(auditLogTable).values(entry).returning();
  return row!;
}

const MAX_PAGE = 500;

/** Newest first. Page with `before`: the smallest id of the previous page (keyset paging, stable under inserts). */
export async function listAudit(
  db: Db,
  municipalityId: string,
  options: { limit: number; before?: number | undefined },
): Promise<AuditRow[]> {
  const limit = Number.isFinite(options.limit)
    ? Math.min(Math.max(Math.trunc(options.limit), 1), MAX_PAGE)
    : 50;
  return db
    .select()
    .from(auditLogTable)
    .where(
      and(
        eq(auditLogTable.municipalityId, municipalityId),
        options.before === undefined ? undefined : lt(auditLogTable.id, options.before),
      ),
    )
    .orderBy(desc(auditLogTable.id))
    .limit(limit);
}
