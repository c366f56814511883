import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import postgres from 'postgres';
import { TEST_POSTGRES_URL } from '../../../test-support/requirements.js';
import type { Database, DatabaseKind } from '../../src/db/database.js';
import { MIGRATIONS_FOLDER } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';

/** What the shared suite (../db-suite.ts) needs from a driver; one implementation per driver. */
export interface DbHarness {
  readonly kind: DatabaseKind;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  /** One migrated database for the tests that can share (each works in its own municipality). */
  shared(): Database;
  /** A fresh, empty, migrated database; `reopen` opens the same one again, as a restarted cloud would. */
  fresh(): Promise<FreshDatabase>;
}

export interface FreshDatabase {
  readonly database: Database;
  reopen(options?: { migrationsFolder?: string }): Promise<Database>;
}

export const silentLog = pino({ level: 'silent' });

/**
 * PGlite's initdb takes ~4-5 s, opening an existing data dir ~0.3 s: initialise one template, then give
 * every fresh database a copy of the template's (closed) data dir.
 */
export function pgliteHarness(): DbHarness {
  let root = '';
  let shared: Database | undefined;
  let count = 0;
  const opened: Database[] = [];
  const open = async (dataDir: string, migrationsFolder?: string) => {
    const database = await openDatabase({ dataDir, log: silentLog, migrationsFolder });
    opened.push(database);
    return database;
  };
  const copyTemplate = async () => {
    const dataDir = join(root, `db-${++count}`);
    await cp(join(root, 'template'), dataDir, { recursive: true });
    return dataDir;
  };
  return {
    kind: 'pglite',
    async setup() {
      root = await mkdtemp(join(tmpdir(), 'sv-db-'));
      await (await openDatabase({ dataDir: join(root, 'template'), log: silentLog })).close();
      shared = await open(await copyTemplate());
    },
    async teardown() {
      await Promise.all(opened.map((d) => d.close()));
      if (root) await rm(root, { recursive: true, force: true });
    },
    shared: () => shared!,
    async fresh() {
      const dataDir = await copyTemplate();
      return {
        database: await open(dataDir),
        reopen: (options) => open(dataDir, options?.migrationsFolder),
      };
    },
  };
}

/** Every run works in its own databases, created from the server's `test` database and dropped afterwards. */
export function postgresHarness(): DbHarness {
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  const run = `sv_test_${process.pid}_${Date.now().toString(36)}`;
  const created: string[] = [];
  const opened: Database[] = [];
  let shared: Database | undefined;
  const open = async (url: string, migrationsFolder?: string) => {
    const database = await openDatabase({ url, dataDir: tmpdir(), log: silentLog, migrationsFolder });
    opened.push(database);
    return database;
  };
  const createDatabase = async () => {
    const name = `${run}_${created.length + 1}`;
    await admin.unsafe(`create database "${name}"`);
    created.push(name);
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    kind: 'postgres',
    async setup() {
      shared = await open(await createDatabase());
    },
    async teardown() {
      await Promise.all(opened.map((d) => d.close()));
      for (const name of created) await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
    shared: () => shared!,
    async fresh() {
      const url = await createDatabase();
      return { database: await open(url), reopen: (options) => open(url, options?.migrationsFolder) };
    },
  };
}

/**
 * A copy of the committed migrations plus one more, as a NEWER release would ship them. Returns its folder.
 */
export async function newerMigrationsFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'sv-migrations-'));
  await cp(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(journalPath, 'utf8')) as {
    entries: { idx: number; version: string; when: number; tag: string; breakpoints: boolean }[];
  };
  const last = journal.entries.at(-1)!;
  const tag = `${String(last.idx + 1).padStart(4, '0')}_from_the_future`;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag });
  await writeFile(journalPath, JSON.stringify(journal));
  await writeFile(join(folder, `${tag}.sql`), 'CREATE TABLE "from_the_future" ("id" integer);');
  return folder;
}
