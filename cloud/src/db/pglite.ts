import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { MigrationConfig } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { StartupError } from '../kernel/errors.js';
import { lockDataDir } from './data-dir-lock.js';
import type { Database } from './database.js';
import * as schema from './schema/index.js';

export interface OpenedDriver {
  readonly database: Database;
  readonly where: string;
  migrate(config: MigrationConfig): Promise<void>;
  /** Runs `fn` while no other process migrates the same database. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
}

/** Embedded PostgreSQL (WASM) persisted in `${dataDir}/pglite`: zero set-up for a pilot or a laptop. */
export async function openPglite(dataDir: string): Promise<OpenedDriver> {
  const where = join(dataDir, 'pglite');
  await mkdir(dataDir, { recursive: true }).catch(() => {});
  const lock = await lockDataDir(join(dataDir, 'pglite.lock'), where);
  let client: PGlite;
  try {
    await mkdir(where, { recursive: true });
    client = await PGlite.create({ dataDir: where });
  } catch (cause) {
    await lock.release();
    throw new StartupError(
      `Could not open the embedded database in ${where}. Check that the directory is writable and that no ` +
        'other ScreenVisit process is using it; if it is damaged, restore it from a backup, or set ' +
        'DATABASE_URL to use a PostgreSQL server instead.',
      { cause },
    );
  }
  const db = drizzle({ client, schema });
  return {
    where,
    database: {
      db,
      kind: 'pglite',
      async ping() {
        await client.query('select 1');
      },
      // One process owns a PGlite data dir (the folder lock), so no other node can run the job.
      runAlone: async (_name, fn) => ({ ran: true, value: await fn() }),
      async close() {
        if (!client.closed) await client.close();
        await lock.release();
      },
    },
    migrate: (config) => migrate(db, config),
    // One process owns a PGlite data dir (the lock above), so there is nobody to exclude.
    exclusive: (fn) => fn(),
  };
}
