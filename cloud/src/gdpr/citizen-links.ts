import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';

/** Tables whose citizen links export.ts and erase.ts handle by name; every other one is handled generically. */
export const KNOWN_CITIZEN_TABLES = new Set(['sessions', 'devices', 'citizen_enrolments']);

export interface CitizenLink {
  readonly table: string;
  readonly column: string;
}

/**
 * Every foreign key that points at citizens(id), read from the catalog. Tables other features add later
 * (credentials, activation codes, PINs) are then covered by export and erasure without editing them here,
 * which matters more for GDPR art. 17 than a tidy list that silently goes stale.
 */
export async function citizenLinks(db: Db): Promise<CitizenLink[]> {
  const result = await db.execute(sql`
    select cl.relname as "table", a.attname as "column"
    from pg_constraint con
    join pg_class cl on cl.oid = con.conrelid
    join pg_namespace ns on ns.oid = cl.relnamespace
    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = any(con.conkey)
    where con.contype = 'f' and con.confrelid = 'citizens'::regclass and ns.nspname = current_schema()
    order by 1, 2`);
  return rowsOf<CitizenLink>(result);
}

/** drizzle's execute returns `{ rows }` on PGlite and node-postgres, an array on postgres.js. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** Columns that hold secrets or their hashes are never exported, not even to the data subject. */
export const SECRET_COLUMN = /hash|secret|token|code|salt|key/i;
