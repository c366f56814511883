import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { requireOrSkip, TEST_POSTGRES_URL, tcpReachable } from '../../test-support/requirements.js';

/**
 * A throwaway database on the real PostgreSQL server (127.0.0.1:5432, database `test` for admin), so the
 * identity and domain tests run against the same engine as production. Dropped again by `drop()`.
 */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgres(TEST_POSTGRES_URL, { max: 1, onnotice: () => {} });
  const name = `sv_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  try {
    await admin.unsafe(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
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
