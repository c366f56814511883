import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { Heartbeat } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../test/db-suite/harness.js';
import { newMunicipality } from '../../test/db-suite/helpers.js';
import { until } from '../../test/kits/devices.js';
import { createTestDatabase, testDatabaseKind } from '../../test/postgres-database.js';
import {
  type Database,
  type Db,
  deviceHealthTable,
  devicesTable,
  openDatabase,
  registerDevice,
} from '../db/index.js';
import { createDeviceTelemetry } from './telemetry.js';

const NODE = 'node-1';
/** How long a flush may take here: a bulk push's batch holds its rows ~250 ms; the held row below, until let go. */
const PROMPTLY_MS = 2_000;

const heartbeat = (uptimeS: number, software = '1.0.0'): Heartbeat => ({
  v: 1,
  uptimeS,
  software,
  engine: 'none',
  at: '2026-01-01T10:00:00Z',
});

/** 'flushed', or 'still waiting' if `flush` has not settled within PROMPTLY_MS. */
async function promptly(flush: Promise<void>): Promise<'flushed' | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still waiting'>((resolve) => {
    timer = setTimeout(() => resolve('still waiting'), PROMPTLY_MS);
  });
  try {
    return await Promise.race([flush.then(() => 'flushed' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The telemetry flush never waits for a device row another transaction holds (telemetry.ts INVARIANTS, issue 14):
 * a bulk push's batch holds 500 rows FOR UPDATE, and a flush waiting for them made the push's own ack
 * bookkeeping queue behind it. Here a second session holds one kiosk's row the way a push's batch does.
 */
describe('device telemetry next to a held device row (issue 14)', () => {
  let database: Database | undefined;
  let drop = async () => {};
  let other: postgres.Sql | undefined;

  beforeAll(async () => {
    if ((await testDatabaseKind()) !== 'postgres') return;
    const created = await createTestDatabase();
    drop = created.drop;
    database = await openDatabase({ url: created.url, dataDir: tmpdir(), log: silentLog });
    other = postgres(created.url, { max: 2, onnotice: () => {} });
  }, 60_000);
  afterAll(async () => {
    await other?.end();
    await database?.close();
    await drop();
  });

  /** Holds `deviceId`'s row FOR UPDATE in another session, as a bulk push's batch does, until let go. */
  async function holdRow(deviceId: string) {
    let letGo = () => {};
    let held = false;
    const holder = other!.begin(async (tx) => {
      await tx`select id from devices where id = ${deviceId} for update`;
      held = true;
      await new Promise<void>((resolve) => {
        letGo = resolve;
      });
    });
    await until(async () => held, Boolean, 'the row held');
    return async () => {
      letGo();
      await holder;
    };
  }

  async function kiosks(db: Db, labels: string[]) {
    const municipalityId = await newMunicipality(db);
    const ids: string[] = [];
    for (const label of labels) ids.push((await registerDevice(db, { municipalityId, label })).id);
    return ids.sort();
  }

  const row = async (db: Db, id: string) =>
    (await db.select().from(devicesTable).where(eq(devicesTable.id, id)))[0]!;
  const health = async (db: Db, id: string) =>
    (await db.select().from(deviceHealthTable).where(eq(deviceHealthTable.deviceId, id)))[0];

  it('writes the other kiosks without waiting for a held row, and the held kiosk at the next flush after it is let go', async (ctx) => {
    if (!database) return ctx.skip('row locks need the real PostgreSQL server');
    const db = database.db;
    const clock = new FakeClock(Date.now());
    const telemetry = createDeviceTelemetry({
      db,
      log: silentLog,
      clock,
      flushMs: 1_000,
      offlineAfterMs: 90_000,
      nodeId: NODE,
    });
    const [first, held, last, ahead] = await kiosks(db, ['SKIP-1', 'SKIP-2', 'SKIP-3', 'SKIP-4']);
    // A kiosk whose stored sighting is newer than the report: the database refuses the report, which is done
    // with (not kept back), like a report for a device that no longer exists.
    const later = new Date(clock.now() + 60_000);
    await db
      .update(devicesTable)
      .set({ online: true, lastSeenAt: later, presenceNode: NODE })
      .where(eq(devicesTable.id, ahead!));
    const heard = new Date(clock.now());
    for (const id of [first!, held!, last!, ahead!, randomUUID()])
      telemetry.heartbeat(id, heartbeat(10), heard);

    const letGo = await holdRow(held!);
    try {
      expect(await promptly(telemetry.flush())).toBe('flushed');
      for (const id of [first!, last!]) {
        expect(await row(db, id)).toMatchObject({ online: true, lastSeenAt: heard, presenceNode: NODE });
        expect(await health(db, id)).toMatchObject({ uptimeS: 10, reportedAt: heard });
      }
      expect(await row(db, held!)).toMatchObject({ online: false, lastSeenAt: null });
      expect(await health(db, held!)).toBeUndefined();
      expect(await row(db, ahead!)).toMatchObject({ online: true, lastSeenAt: later });
      expect(telemetry.pendingCount()).toBe(1);
    } finally {
      await letGo();
    }

    await telemetry.flush();
    expect(await row(db, held!)).toMatchObject({ online: true, lastSeenAt: heard, presenceNode: NODE });
    expect(await health(db, held!)).toMatchObject({ uptimeS: 10, reportedAt: heard });
    expect(telemetry.pendingCount()).toBe(0);
  });

  it('lets a newer report that arrives while a kiosk is kept back win over the kept one', async (ctx) => {
    if (!database) return ctx.skip('row locks need the real PostgreSQL server');
    const realDb = database.db;
    const clock = new FakeClock(Date.now());
    const [kiosk] = await kiosks(realDb, ['NEWER-1']);
    const heard = new Date(clock.now());
    const newer = new Date(clock.now() + 5_000);
    let inFlight = true;
    // The newer heartbeat lands while the flush is at the database: after the flush took the pending reports,
    // before it puts the one it could not write back.
    const db = new Proxy(realDb, {
      get(target, key) {
        const value = Reflect.get(target, key, target);
        if (key !== 'transaction' || !inFlight)
          return typeof value === 'function' ? value.bind(target) : value;
        return (...args: Parameters<Db['transaction']>) => {
          inFlight = false;
          telemetry.heartbeat(kiosk!, heartbeat(15, '2.0.0'), newer);
          return target.transaction(...args);
        };
      },
    });
    const telemetry = createDeviceTelemetry({
      db,
      log: silentLog,
      clock,
      flushMs: 1_000,
      offlineAfterMs: 90_000,
      nodeId: NODE,
    });
    telemetry.heartbeat(kiosk!, heartbeat(10), heard);

    const letGo = await holdRow(kiosk!);
    try {
      expect(await promptly(telemetry.flush())).toBe('flushed');
      expect(inFlight).toBe(false);
      expect(telemetry.pendingCount()).toBe(1);
    } finally {
      await letGo();
    }

    await telemetry.flush();
    expect(await row(realDb, kiosk!)).toMatchObject({ online: true, lastSeenAt: newer, software: '2.0.0' });
    expect(await health(realDb, kiosk!)).toMatchObject({ uptimeS: 15, reportedAt: newer });
  });
});
