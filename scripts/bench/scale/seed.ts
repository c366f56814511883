import { createHash, randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { cookieName, csrfTokenFor } from '../../../cloud/src/auth/session-cookie.js';
import { createSession } from '../../../cloud/src/auth/session-store.js';
import {
  type Database,
  devicesTable,
  municipalitiesTable,
  openDatabase,
  staffTable,
} from '../../../cloud/src/db/index.js';
import { createLogger } from '../../../cloud/src/kernel/logger.js';
import type { FleetDevice } from './fleet.js';
import { cpuSeconds } from './servers.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A throwaway database on the local PostgreSQL server, dropped by drop(). */
export async function benchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `sv_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists "${name}" with (force)`);
      await again.end();
    },
  };
}

/**
 * N enrolled kiosks with real credentials (the SHA-256 of a 256-bit secret, as enrolment stores it), a support
 * person with a session for the bulk push, all in one municipality. Written straight to the tables.
 */
export async function seedFleet(
  url: string,
  n: number,
): Promise<{ db: Database; devices: FleetDevice[]; headers: Record<string, string> }> {
  const db = await openDatabase({ url, dataDir: '', log: createLogger({ level: 'silent' }) });
  const [municipality] = await db.db
    .insert(municipalitiesTable)
    .values({ name: 'Bench kommune', settings: { staffNetworks: ['127.0.0.0/8', '::1/128'] } })
    .returning();
  const [support] = await db.db
    .insert(staffTable)
    .values({
      municipalityId: municipality!.id,
      username: 'bench-support',
      displayName: 'Bench',
      role: 'support',
    })
    .returning();
  const devices: FleetDevice[] = Array.from({ length: n }, () => ({
    id: randomUUID(),
    secret: randomBytes(32).toString('base64url'),
  }));
  for (let i = 0; i < n; i += 1000) {
    await db.db.insert(devicesTable).values(
      devices.slice(i, i + 1000).map((d, j) => ({
        id: d.id,
        municipalityId: municipality!.id,
        label: `BENCH-${i + j}`,
        lifecycle: 'enrolled' as const,
        credentialHash: createHash('sha256').update(d.secret, 'utf8').digest('hex'),
      })),
    );
  }
  const { token } = await createSession(db.db, {
    subjectKind: 'staff',
    subjectId: support!.id,
    municipalityId: municipality!.id,
    stage: 'full',
    method: 'test',
    ip: '127.0.0.1',
    now: new Date(),
    absoluteMs: 12 * 3_600_000,
  });
  const headers = {
    cookie: `${cookieName(true)}=${token}`,
    'x-csrf-token': csrfTokenFor(token),
    'content-type': 'application/json',
  };
  return { db, devices, headers };
}

/** What writing N outbox rows costs on this PostgreSQL alone: N config-sized rows, 500 per INSERT. */
export async function outboxWriteSeconds(url: string, n: number): Promise<number> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`create temporary table bench_outbox (id uuid primary key, device_id uuid, payload jsonb)`;
  const payload = { v: 1, type: 'config.apply', version: 2, config: { volume: 35, brightness: 80 } };
  const started = performance.now();
  for (let i = 0; i < n; i += 500) {
    const rows = Array.from({ length: Math.min(500, n - i) }, () => ({
      id: randomUUID(),
      device_id: randomUUID(),
      payload,
    }));
    await sql`insert into bench_outbox ${sql(rows)}`;
  }
  const seconds = (performance.now() - started) / 1000;
  await sql.end();
  return seconds;
}

/**
 * CPU seconds of the PostgreSQL backends serving one database (its name in `url`), read from /proc: call it
 * before and after a phase and subtract with `backendCpuSpent`. A backend that appears between the two counts
 * from zero; one that exits in between is lost (the cloud's pool keeps its connections). The server's shared
 * processes (WAL writer, checkpointer) are not counted.
 */
export async function backendCpu(url: string): Promise<Map<number, number>> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ pid: number }[]>`
      select pid from pg_stat_activity where datname = ${new URL(url).pathname.slice(1)}`;
    const cpu = new Map<number, number>();
    for (const { pid } of rows) {
      try {
        cpu.set(pid, cpuSeconds(pid));
      } catch {
        // exited since the query
      }
    }
    return cpu;
  } finally {
    await admin.end();
  }
}

export function backendCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}
