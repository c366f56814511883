import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { type MigrationMeta, readMigrationFiles } from 'drizzle-orm/migrator';
import { StartupError } from '../kernel/errors.js';
import { type Db, rowsOf } from './database.js';

/** Committed migrations (drizzle-kit generate), applied at every start-up; already-applied ones are skipped. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** drizzle's bookkeeping table: one row per applied migration (hash of its SQL, journal `when`). */
const MIGRATIONS_TABLE = 'drizzle.__drizzle_migrations';

export function readMigrations(migrationsFolder = MIGRATIONS_FOLDER): MigrationMeta[] {
  return readMigrationFiles({ migrationsFolder });
}

interface AppliedMigration {
  hash: string;
  created_at: string | number | null;
}

export async function appliedMigrations(db: Db): Promise<AppliedMigration[]> {
  const exists = rowsOf<{ t: string | null }>(
    await db.execute(sql`select to_regclass(${MIGRATIONS_TABLE})::text as t`),
  );
  if (!exists[0]?.t) return [];
  return rowsOf<AppliedMigration>(
    await db.execute(sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at`),
  );
}

/**
 * Refuse a database that NEWER code has migrated. drizzle's migrator would silently skip everything (it only
 * compares against the newest applied `created_at`), and this code would then run against tables it does not
 * know. An applied migration is "unknown" when neither its hash nor its timestamp is in our journal.
 */
export async function refuseNewerDatabase(db: Db, known: readonly MigrationMeta[], where: string) {
  const hashes = new Set(known.map((m) => m.hash));
  const millis = new Set(known.map((m) => m.folderMillis));
  const unknown = (await appliedMigrations(db)).filter(
    (m) => !hashes.has(m.hash) && !millis.has(Number(m.created_at)),
  );
  if (unknown.length === 0) return;
  throw new StartupError(
    `The database at ${where} has ${unknown.length} migration(s) applied that this version of ScreenVisit ` +
      `does not know (its newest known migration is ${known.at(-1)?.folderMillis ?? 'none'}, the database's ` +
      `is ${unknown.at(-1)?.created_at}). It was upgraded by a newer release. Run that newer release (or ` +
      'newer) instead; to really go back, restore the backup taken before the upgrade. The database was ' +
      'left untouched.',
  );
}
