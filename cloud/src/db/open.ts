import { isStartupError, StartupError } from '../kernel/errors.js';
import type { Logger } from '../kernel/logger.js';
import type { Database } from './database.js';
import { MIGRATIONS_FOLDER, readMigrations, refuseNewerDatabase } from './migrate.js';
import { type OpenedDriver, openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

export interface OpenDatabaseOptions {
  /** DATABASE_URL: postgres://… for a server; unset for the embedded PGlite in `${dataDir}/pglite`. */
  readonly url?: string | undefined;
  readonly dataDir: string;
  readonly log: Logger;
  /** Tests only: another migrations folder. */
  readonly migrationsFolder?: string;
}

/**
 * Opens the database and brings its schema up to date. Throws StartupError (one paragraph, no stack) when
 * the server is unreachable, the credentials are wrong, or newer code has already migrated it.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { log } = options;
  const migrationsFolder = options.migrationsFolder ?? MIGRATIONS_FOLDER;
  const opened: OpenedDriver = options.url
    ? await openPostgres(options.url, log)
    : await openPglite(options.dataDir);
  const { database } = opened;
  try {
    const known = readMigrations(migrationsFolder);
    await opened.exclusive(async () => {
      await refuseNewerDatabase(database.db, known, opened.where);
      await opened.migrate({ migrationsFolder }).catch((cause: unknown) => {
        // drizzle runs all pending migrations in one transaction, so a failure leaves the schema as it was.
        throw new StartupError(
          `Migrating the database at ${opened.where} failed and was rolled back: ${(cause as Error).message}. ` +
            'Fix the cause (disk full, permissions, a hand-made change to the schema) and start again.',
          { cause },
        );
      });
    });
    log.info({ kind: database.kind, migrations: known.length }, 'database ready');
    return database;
  } catch (e) {
    await database.close().catch(() => {});
    if (isStartupError(e)) throw e;
    throw new StartupError(`Could not prepare the database at ${opened.where}: ${(e as Error).message}.`, {
      cause: e,
    });
  }
}
