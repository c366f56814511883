import { FakeClock } from '@screenvisit/protocol/testing';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { enrolTestDevice } from '../../test/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { deviceHealthTable, devicesTable } from '../db/index.js';
import { createLogger } from '../kernel/logger.js';
import { createDeviceTelemetry } from './telemetry.js';

const beat = (uptimeS: number) =>
  ({ v: 1, uptimeS, software: '1.0.0', engine: 'none', at: '2026-01-01T10:00:00Z' }) as const;

describe('device telemetry: one reused entry per connected kiosk, written in bulk (issue 14)', () => {
  let t: TestCloud;
  afterEach(async () => {
    await t?.close();
  });

  const setup = async () => {
    const clock = new FakeClock(Date.now());
    t = await startTestCloud({}, { clock });
    const { deviceId } = await enrolTestDevice(t, 'TELEMETRY');
    // Its own writer, never started: only the explicit flushes below write.
    const telemetry = createDeviceTelemetry({
      db: t.cloud.db.db,
      log: createLogger({ level: 'silent' }),
      clock,
      flushMs: 60_000,
      offlineAfterMs: 90_000,
    });
    const device = async () =>
      (await t.cloud.db.db.select().from(devicesTable).where(eq(devicesTable.id, deviceId)))[0]!;
    const health = async () =>
      (
        await t.cloud.db.db.select().from(deviceHealthTable).where(eq(deviceHealthTable.deviceId, deviceId))
      )[0];
    return { clock, deviceId, telemetry, device, health };
  };

  it("keeps a heartbeat's own time for its health when the kiosk disconnects before the flush", async () => {
    const { clock, deviceId, telemetry, device, health } = await setup();
    const beatAt = new Date(clock.now());
    telemetry.heartbeat(deviceId, beat(42), beatAt);
    clock.advance(500);
    const goneAt = new Date(clock.now());
    telemetry.presence(deviceId, false, goneAt);
    expect(telemetry.pendingCount()).toBe(1);
    await telemetry.flush();
    expect(telemetry.pendingCount()).toBe(0);
    expect(await device()).toMatchObject({ online: false, lastSeenAt: goneAt, software: '1.0.0' });
    expect(await health()).toMatchObject({ uptimeS: 42, reportedAt: beatAt });
  });

  it('lets the newest report win within a flush, and writes a kiosk again once it is heard from', async () => {
    const { clock, deviceId, telemetry, device, health } = await setup();
    const older = new Date(clock.now());
    clock.advance(1_000);
    const newer = new Date(clock.now());
    telemetry.presence(deviceId, true, newer);
    telemetry.heartbeat(deviceId, beat(7), older);
    await telemetry.flush();
    expect(await device()).toMatchObject({ online: true, lastSeenAt: newer });
    expect(await health()).toBeUndefined();

    // Written and clean: a flush with nothing new writes nothing (its entry stays for the next beat).
    await telemetry.flush();
    clock.advance(30_000);
    const next = new Date(clock.now());
    telemetry.heartbeat(deviceId, beat(37), next);
    await telemetry.flush();
    expect(await device()).toMatchObject({ online: true, lastSeenAt: next });
    expect(await health()).toMatchObject({ uptimeS: 37, reportedAt: next });

    // Offline and written: its entry is dropped; a new connection starts a fresh one.
    clock.advance(1_000);
    telemetry.presence(deviceId, false, new Date(clock.now()));
    await telemetry.flush();
    expect((await device()).online).toBe(false);
    clock.advance(1_000);
    const back = new Date(clock.now());
    telemetry.presence(deviceId, true, back);
    await telemetry.flush();
    expect(await device()).toMatchObject({ online: true, lastSeenAt: back });
  });
});
