import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

export type Schema = typeof schema;

/**
 * ONE drizzle type for both drivers: PGlite (embedded) and postgres.js (a real server) both extend
 * PgDatabase, differing only in the raw result shape, which repositories never touch. A transaction
 * (`db.transaction(tx => …)`) is also a Db, so every repository function can run inside one.
 */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseKind = 'pglite' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly kind: DatabaseKind;
  /** Rejects when the database cannot answer (health checks). */
  ping(): Promise<void>;
  /**
   * Runs `fn` unless another process holds the job lock `name` (a PostgreSQL session-level advisory lock, tried,
   * never waited for); `{ ran: false }` then. For jobs that one node of a cluster should run at a time. On PGlite
   * one process owns the data folder, so it always runs.
   */
  runAlone<T>(name: string, fn: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  close(): Promise<void>;
}

/** `db.execute` returns `{ rows }` on PGlite and an array on postgres.js; raw SQL callers read through this. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
