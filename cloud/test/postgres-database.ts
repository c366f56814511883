import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import postgres from 'postgres';
import { requireOrSkip, TEST_POSTGRES_URL, tcpReachable } from '../../test-support/requirements.js';
import { readMigrations } from '../src/db/migrate.js';
import { openDatabase } from '../src/db/open.js';
import { createLogger } from '../src/kernel/logger.js';

type Admin = postgres.Sql;

const urlOf = (name: string) => {
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * A throwaway database on the real PostgreSQL server (127.0.0.1:5432, database `test` for admin), so the
 * identity and domain tests run against the same engine as production. Dropped again by `drop()`.
 * `migrated`: a copy of a database the committed migrations were applied to once (see migratedTemplate), so
 * the cloud's start-up migration finds nothing to do; without it the database is empty.
 */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  const name = `sv_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    const template = options.migrated ? await migratedTemplate(admin) : null;
    await admin.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  return {
    url: urlOf(name),
    async drop() {
      const again = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
      try {
        await again.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await again.end();
      }
    },
  };
}

/**
 * The name of a database holding exactly the committed migrations, made by the first caller that needs it. Every
 * test cloud ran all migrations into its own new database before (a few hundred statements, each file in its own
 * transaction, ~190 times a CI run); CREATE DATABASE … TEMPLATE copies the result instead. The name carries a
 * hash of the migrations, so a changed or added migration makes a new template. `.ci/run` drops `sv_t_*`
 * databases first, so CI builds its template fresh every run.
 */
async function migratedTemplate(admin: Admin): Promise<string> {
  const migrations = readMigrations()
    .map((m) => `${m.hash}@${m.folderMillis}`)
    .join(',');
  const name = `sv_t_template_${createHash('sha256').update(migrations).digest('hex').slice(0, 16)}`;
  // Two files (or two runs) start at once: one makes the template while the other waits. Session-level advisory
  // lock on the admin connection (max: 1, so the lock and its unlock share one session).
  await admin`select pg_advisory_lock(7343001)`;
  try {
    const [found] = await admin`select 1 from pg_database where datname = ${name}`;
    if (found) return name;
    // Built under another name and renamed when complete, so a run killed half-way leaves no half template.
    const building = `sv_t_building_${randomBytes(4).toString('hex')}`;
    await admin.unsafe(`create database "${building}"`);
    try {
      const database = await openDatabase({
        url: urlOf(building),
        dataDir: tmpdir(),
        log: createLogger({ level: 'silent' }),
      });
      await database.close();
      await admin.unsafe(`alter database "${building}" rename to "${name}"`);
    } catch (error) {
      await admin.unsafe(`drop database if exists "${building}" with (force)`);
      throw error;
    }
    return name;
  } finally {
    await admin`select pg_advisory_unlock(7343001)`;
  }
}

let reachable: Promise<boolean> | undefined;

/**
 * Which engine integration tests use: the real server when it answers (REQUIRED under CI=true), PGlite when
 * SV_TEST_DB=pglite asks for it or, loudly, when no server runs on a developer machine.
 */
export async function testDatabaseKind(): Promise<'postgres' | 'pglite'> {
  if (process.env.SV_TEST_DB === 'pglite') return 'pglite';
  const { hostname, port } = new URL(TEST_POSTGRES_URL);
  reachable ??= tcpReachable(hostname, Number(port || 5432));
  return requireOrSkip('PostgreSQL at 127.0.0.1:5432', await reachable, 'start it, or set SV_TEST_DB=pglite')
    ? 'postgres'
    : 'pglite';
}
