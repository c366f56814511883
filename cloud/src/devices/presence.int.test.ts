import type { DeviceCommand } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { enrolTestDevice } from '../../test/devices.js';
import { connectKiosk, until } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { deviceCommandsTable, deviceHealthTable, devicesTable } from '../db/index.js';

const heartbeat = {
  v: 1,
  uptimeS: 42,
  software: '1.0.0',
  engine: 'none',
  at: '2026-01-01T10:00:00Z',
} as const;
const identify = (): DeviceCommand => ({
  v: 1,
  id: crypto.randomUUID(),
  issuedAt: '2026-01-01T10:00:00Z',
  type: 'identify',
  seconds: 5,
});

describe('device presence and the outbox per connection (issue 14)', () => {
  let t: TestCloud;
  afterEach(async () => {
    await t?.close();
  });

  /** A cloud on a fake clock with one kiosk connected and heard from once (its heartbeat written). */
  const heardKiosk = async (label: string) => {
    const clock = new FakeClock(Date.now());
    t = await startTestCloud({ DEVICE_OFFLINE_AFTER_SECONDS: '90' }, { clock });
    const device = await enrolTestDevice(t, label);
    const kiosk = await connectKiosk(t, device.deviceId, device.mqttPassword);
    const row = async () =>
      (await t.cloud.db.db.select().from(devicesTable).where(eq(devicesTable.id, device.deviceId)))[0]!;
    await kiosk.publish('hb', heartbeat);
    await t.cloud.deviceLink.idle();
    return { clock, device, kiosk, row };
  };

  it('marks a kiosk offline when its heartbeats stop, and online again when it is heard from', async () => {
    const { clock, device, kiosk, row } = await heardKiosk('HB-EXPIRY');
    expect(await row()).toMatchObject({ online: true, lastSeenAt: new Date(clock.now()) });
    const [health] = await t.cloud.db.db
      .select()
      .from(deviceHealthTable)
      .where(eq(deviceHealthTable.deviceId, device.deviceId));
    expect(health).toMatchObject({ uptimeS: 42 });

    // Still connected at the TCP level, but silent: 89 s is within the window, 91 s is not.
    clock.advance(89_000);
    await t.cloud.deviceLink.idle();
    expect((await row()).online).toBe(true);
    clock.advance(2_000);
    await t.cloud.deviceLink.idle();
    expect((await row()).online).toBe(false);

    await kiosk.publish('hb', heartbeat);
    await t.cloud.deviceLink.idle();
    expect(await row()).toMatchObject({ online: true, lastSeenAt: new Date(clock.now()) });
  });

  it('keeps "last seen" at the last time the kiosk was heard from, not the moment its connection was found gone', async () => {
    const { clock, kiosk, row } = await heardKiosk('LAST-SEEN');
    const heard = new Date(clock.now());

    // The broker notices a dead kiosk only after its keepalive runs out: the disconnect is no sighting.
    clock.advance(40_000);
    await kiosk.client.endAsync(true);
    await until(
      async () => {
        await t.cloud.deviceLink.idle();
        return row();
      },
      (r) => !r.online,
      'the kiosk shown offline',
    );
    expect(await row()).toMatchObject({ online: false, lastSeenAt: heard });
  });

  it('sends a command pending while the kiosk was away exactly once when it connects', async () => {
    t = await startTestCloud();
    const device = await enrolTestDevice(t, 'ONE-FLUSH');
    const pending = identify();
    await t.cloud.deviceLink.enqueue(device.deviceId, pending);

    const kiosk = await connectKiosk(t, device.deviceId, device.mqttPassword);
    await until(
      async () => kiosk.commands.length,
      (n) => n >= 1,
      'the pending command',
    );
    await t.cloud.deviceLink.idle();
    // A marker sent after every flush of this connection: the broker delivers in order [MQTT-4.6.0-6], so any
    // second copy of the pending command would arrive before it.
    const marker = identify();
    await t.cloud.deviceLink.enqueue(device.deviceId, marker);
    await until(
      async () => kiosk.commands.length,
      (n) => n >= 2,
      'the marker',
    );
    expect(kiosk.commands.map((c) => c.id)).toEqual([pending.id, marker.id]);
    const [sent] = await t.cloud.db.db
      .select()
      .from(deviceCommandsTable)
      .where(eq(deviceCommandsTable.id, pending.id));
    expect(sent?.attempts).toBe(1);
  });

  it('writes every flush with its two statements prepared once, not built again each second (issue 14: heartbeat CPU)', async () => {
    // The first heartbeat's flush (heardKiosk) prepared them.
    const { device, kiosk } = await heardKiosk('HB-PREPARED');
    const db = t.cloud.db.db;
    const update = vi.spyOn(db, 'update');
    const insert = vi.spyOn(db, 'insert');
    const execute = vi.spyOn(db, 'execute');
    try {
      for (const uptimeS of [43, 44, 45]) {
        await kiosk.publish('hb', { ...heartbeat, uptimeS });
        await t.cloud.deviceLink.idle();
      }
      // An explicit flush always runs the silent-kiosk expiry: one UPDATE built per flush, and nothing else.
      expect(update).toHaveBeenCalledTimes(3);
      expect(insert).not.toHaveBeenCalled();
      expect(execute).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
    }
    const [health] = await db
      .select()
      .from(deviceHealthTable)
      .where(eq(deviceHealthTable.deviceId, device.deviceId));
    expect(health?.uptimeS).toBe(45);
  });
});
