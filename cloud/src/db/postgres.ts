import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { StartupError } from '../kernel/errors.js';
import type { Logger } from '../kernel/logger.js';
import type { OpenedDriver } from './pglite.js';
import * as schema from './schema/index.js';

const CONNECT_TIMEOUT_S = 5;

/** Several cloud instances may start at once: only one migrates, the others wait and then find nothing to do. */
const MIGRATION_LOCK = "hashtext('screenvisit.migrate')";

/** How long ending a lock session waits for its unlock; then it drops the connection, which releases the lock too. */
const LOCK_SESSION_END_S = 5;

/**
 * A PostgreSQL session of its own for a session-level advisory lock (a job's in runAlone, the migration's),
 * ended with endLockSession once the work is done.
 *
 * INVARIANTS (why not a connection reserved from the pool, `client.reserve()`, as before 2026-12-07):
 * - The lock's connection is never one the pool hands out. postgres.js (3.4) sends a reserved connection's
 *   queries even after its socket closed: written to a null socket (`TypeError: Cannot read properties of null
 *   (reading 'write')`, thrown from a setImmediate, uncaught) they never settle, and `release()` hands the dead
 *   connection back to the pool as open. A database outage while a start-up job held its lock thus left the
 *   job waiting for good, and the pool's next queries with it (the readiness ping is one at a time,
 *   node/routes/health.ts): the node never became ready again (node/readyz-outage.int.test.ts). Since
 *   patches/postgres+3.4.9.patch such writes reject with CONNECTION_CLOSED (node/postgres-blip.int.test.ts),
 *   rather than hang; this design stays regardless (reserve() with the patch was not re-checked).
 * - Ending the session releases whatever lock it still holds, and endLockSession is bounded: a job ends even
 *   when its unlock is never answered.
 * - One connection, opened by the first query; no type lookups (a lock query returns a boolean).
 */
function lockSession(rawUrl: string, log: Logger): postgres.Sql {
  return postgres(rawUrl, {
    max: 1,
    connect_timeout: CONNECT_TIMEOUT_S,
    fetch_types: false,
    onnotice: (notice) => log.debug({ code: notice.code }, 'postgres notice'),
    connection: { application_name: 'screenvisit-cloud-lock' },
  });
}

/** Waits for the session's last queries (its unlock) up to LOCK_SESSION_END_S, then drops it. Never throws. */
async function endLockSession(lock: postgres.Sql): Promise<void> {
  await lock.end({ timeout: LOCK_SESSION_END_S }).catch(() => {});
}

/** host:port/db for messages. NEVER the password, and not the user either: the URL may be pasted in tickets. */
export function describeDatabaseUrl(url: URL): string {
  return `${url.hostname || 'localhost'}:${url.port || '5432'}/${decodeURIComponent(url.pathname.slice(1)) || '(default database)'}`;
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new StartupError(
      'DATABASE_URL is not a valid URL. Use postgres://USER:PASSWORD@HOST:5432/DATABASE, or leave it unset ' +
        'to use the embedded database.',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new StartupError(
      `DATABASE_URL must start with postgres:// (it starts with ${url.protocol}//). Use ` +
        'postgres://USER:PASSWORD@HOST:5432/DATABASE, or leave it unset to use the embedded database.',
    );
  }
  return url;
}

/** One paragraph an operator can act on, chosen by the error code (PostgreSQL SQLSTATE or Node errno). */
function connectProblem(cause: unknown, where: string): StartupError {
  const code = (cause as { code?: string } | null)?.code;
  const why: Record<string, string> = {
    ECONNREFUSED: 'nothing is listening there. Check the host and port, and that PostgreSQL is running',
    ENOTFOUND: 'the host name does not resolve. Check the host in DATABASE_URL',
    EAI_AGAIN: 'the host name could not be resolved (DNS). Check the host in DATABASE_URL and the network',
    CONNECT_TIMEOUT: `no answer within ${CONNECT_TIMEOUT_S} s. Check the host, port and any firewall in between`,
    NO_SESSION: `no PostgreSQL session within ${CONNECT_TIMEOUT_S + 1} s: connections were closed or went unanswered. Check the host and port, and any pooler or proxy in front of PostgreSQL (is its server down?)`,
    EHOSTUNREACH: 'the host is unreachable. Check the host in DATABASE_URL and the network',
    '28P01': 'the server refused the user name or password. Check the credentials in DATABASE_URL',
    '28000':
      'the server refused this user from this address (pg_hba.conf). Check the user and server access rules',
    '3D000': 'that database does not exist. Create it (createdb) or fix the database name in DATABASE_URL',
  };
  const reason =
    (code && why[code]) ?? `it failed (${code ?? 'unknown error'}). Check DATABASE_URL and the server logs`;
  return new StartupError(
    `Could not connect to PostgreSQL at ${where}: ${reason}. Or leave DATABASE_URL unset to use the embedded ` +
      'database.',
    { cause },
  );
}

export async function openPostgres(rawUrl: string, log: Logger): Promise<OpenedDriver> {
  const url = parseUrl(rawUrl);
  const where = describeDatabaseUrl(url);
  // PREPARED: drizzle runs a query unprepared unless it is named (`.prepare(name)`), and postgres.js sends an
  // unprepared statement that has parameters as Parse + Describe, waits for the parameter types, then Bind +
  // Execute: two round trips, each queued behind whatever the event loop is doing. The bulk push's and the ack
  // settle's hot statements are named (devices/bulk-config.ts, repos/outbox.ts), so each connection prepares them
  // once and then runs them in one round trip (postgres.js keys its statements by their text and types).
  const client = postgres(rawUrl, {
    connect_timeout: CONNECT_TIMEOUT_S,
    max: 10,
    // "relation already exists, skipping" and friends: debug noise, not for stdout.
    onnotice: (notice) => log.debug({ code: notice.code }, 'postgres notice'),
    connection: { application_name: 'screenvisit-cloud' },
  });
  // connect_timeout bounds one attempt only: a server that accepts and closes every connection (a pooler or TCP
  // proxy in front of a stopped PostgreSQL) makes postgres.js reconnect in a tight loop while `select 1` never
  // settles, and the cloud hung at start-up without a word. One deadline over the whole probe.
  let late: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    late = setTimeout(
      () => reject(Object.assign(new Error('no session'), { code: 'NO_SESSION' })),
      (CONNECT_TIMEOUT_S + 1) * 1000,
    );
  });
  try {
    await Promise.race([client`select 1`, deadline]);
  } catch (cause) {
    await client.end({ timeout: 0 }).catch(() => {});
    throw connectProblem(cause, where);
  } finally {
    clearTimeout(late);
  }
  const db = drizzle({ client, schema });
  let ended: Promise<void> | undefined;
  return {
    where,
    database: {
      db,
      kind: 'postgres',
      async ping() {
        await client`select 1`;
      },
      async runAlone(name, fn) {
        // Session-level, on a session of its own (lockSession) while fn uses the pool as usual. A node that dies
        // mid-job loses that session, and PostgreSQL releases the lock with it.
        const lock = lockSession(rawUrl, log);
        try {
          const [row] = await lock<
            { locked: boolean }[]
          >`select pg_try_advisory_lock(hashtext(${name})) as locked`;
          if (!row?.locked) return { ran: false };
          try {
            return { ran: true, value: await fn() };
          } finally {
            // Not awaited here: after an outage it may never be answered. lock.end below waits for it, bounded.
            lock`select pg_advisory_unlock(hashtext(${name}))`.catch(() => {});
          }
        } finally {
          await endLockSession(lock);
        }
      },
      close() {
        ended ??= client.end({ timeout: 5 });
        return ended;
      },
    },
    migrate: (config) => migrate(db, config),
    async exclusive(fn) {
      // A session-level advisory lock is taken and released in one session: lockSession, as runAlone.
      const lock = lockSession(rawUrl, log);
      try {
        await lock.unsafe(`select pg_advisory_lock(${MIGRATION_LOCK})`);
        try {
          return await fn();
        } finally {
          lock.unsafe(`select pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => {});
        }
      } finally {
        await endLockSession(lock);
      }
    },
  };
}
