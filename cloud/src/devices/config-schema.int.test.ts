import { CONFIG_SCHEMA, deviceTopic } from '@screenvisit/protocol';
import { DeviceConfigSchema1 } from '@screenvisit/protocol/testing/config-schema-1';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import {
  configPushesUntil,
  connectKiosk,
  kioskLentTo,
  supportApi,
  type TestKiosk,
  until,
} from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { deviceConfigsTable, devicesTable } from '../db/index.js';

/**
 * Kiosks of every config schema in the field at once (docs/operations.md "Upgrades"): the cloud gained fields
 * (`lent`, `nightWatch.fallbackPhone`, `nightWatch.windows`) that kiosks of the first release refuse, so it sends
 * each kiosk its config shaped for the schema the kiosk reported, over real MQTT with device credentials, in the
 * single push, the bulk push and the flush at connect; and a kiosk upgraded to a release that understands more
 * gets its config again with what it now understands.
 */
let t: TestCloud;
let home: { id: string };
let api: Awaited<ReturnType<typeof supportApi>>;
let label = 0;

beforeAll(async () => {
  t = await startTestCloud();
  home = await createMunicipality(t);
  api = await supportApi(t, { id: (await createStaff(t, home.id, 'support')).id, municipalityId: home.id });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** The raw `config` of every config.apply the kiosk received, as JSON (not through today's schema). */
function rawConfigs(kiosk: TestKiosk, deviceId: string) {
  const seen: unknown[] = [];
  kiosk.client.on('message', (topic, payload) => {
    if (topic !== deviceTopic(deviceId, 'cmd')) return;
    const command = JSON.parse(payload.toString('utf8')) as { type: string; config?: unknown };
    if (command.type === 'config.apply') seen.push(command.config);
  });
  return (n: number) =>
    until(
      async () => seen,
      (list) => list.length >= n,
      `config number ${n}`,
    ).then((l) => l[n - 1]);
}

/** Acknowledges every config.apply as applied (QoS 0, as the agent does). */
function ackingConfigs(kiosk: TestKiosk) {
  kiosk.client.on('message', (_topic, payload) => {
    const command = JSON.parse(payload.toString('utf8')) as { id: string; type: string; version?: number };
    if (command.type === 'config.apply')
      void kiosk.ack(command.id, { appliedVersion: command.version ?? 1 }, 0);
  });
}

async function lentKiosk(configSchema: number | null) {
  const citizen = await createCitizen(t, home.id);
  let configs: ReturnType<typeof rawConfigs> | undefined;
  const lent = await kioskLentTo(t, api, citizen.id, {
    label: `SCH-${String(++label).padStart(4, '0')}`,
    online: {
      configSchema,
      beforeLend: (kiosk, deviceId) => {
        configs = rawConfigs(kiosk, deviceId);
        ackingConfigs(kiosk);
      },
    },
  });
  return { ...lent, configs: configs! };
}

const appliedVersion = async (deviceId: string) =>
  (await t.cloud.db.db.select().from(devicesTable).where(eq(devicesTable.id, deviceId)))[0]!.configVersion;

describe('configs shaped for the schema each kiosk reported', () => {
  it('sends a kiosk that reports no schema only fields it knows, and a current one the new fields', async () => {
    const old = await lentKiosk(null);
    const current = await lentKiosk(CONFIG_SCHEMA);

    // Single push (the lend's): the first release's strict schema accepts the old kiosk's; the new one is lent.
    expect(DeviceConfigSchema1.safeParse(await old.configs(1)).error).toBeUndefined();
    expect(await current.configs(1)).toMatchObject({ lent: true });
    // It applied it (no refusal): the cloud records the version as the kiosk's.
    await until(
      () => appliedVersion(old.deviceId),
      (v) => v === 1,
      'the old kiosk applying version 1',
    );

    // Bulk push: the same, each kiosk its own shape.
    const bulk = await api('POST', '/api/devices/config', {
      scope: { kind: 'municipality' },
      changes: { volume: 45 },
    });
    expect(bulk.status).toBe(202);
    const oldBulk = await old.configs(2);
    expect(DeviceConfigSchema1.safeParse(oldBulk).error).toBeUndefined();
    expect(oldBulk).toMatchObject({ volume: 45 });
    expect(await current.configs(2)).toMatchObject({ volume: 45, lent: true });

    // The flush at connect: pushed while it was away, sent when it is back, shaped for it.
    await old.kiosk.client.endAsync();
    expect((await api('PUT', `/api/devices/${old.deviceId}/config`, { volume: 30 })).status).toBe(202);
    const back = await connectKiosk(t, old.deviceId, old.mqttPassword, { configSchema: null });
    const flushed = await configPushesUntil(back, 1);
    expect(DeviceConfigSchema1.safeParse(flushed[0]!.config).error).toBeUndefined();
    expect(flushed[0]!.config).toMatchObject({ volume: 30 });
    await back.client.endAsync();
    await current.kiosk.client.endAsync();

    // What support sees as the target keeps every field: only what travels to the old kiosk is shaped.
    const [target] = await t.cloud.db.db
      .select()
      .from(deviceConfigsTable)
      .where(eq(deviceConfigsTable.deviceId, old.deviceId))
      .orderBy(desc(deviceConfigsTable.version))
      .limit(1);
    expect(target!.config).toMatchObject({ volume: 30, lent: true });
  });

  it('sends a kiosk upgraded to a release that reports its schema its config again, with the fields it now knows', async () => {
    const old = await lentKiosk(null);
    expect(await old.configs(1)).not.toHaveProperty('lent');
    await until(
      () => appliedVersion(old.deviceId),
      (v) => v === 1,
      'the old kiosk applying version 1',
    );
    await old.kiosk.client.endAsync();

    const upgraded = await connectKiosk(t, old.deviceId, old.mqttPassword);
    ackingConfigs(upgraded);
    const again = await configPushesUntil(upgraded, 1);
    expect(again[0]).toMatchObject({ version: 2, config: { lent: true } });
    await until(
      () => appliedVersion(old.deviceId),
      (v) => v === 2,
      'the upgraded kiosk applying version 2',
    );
    await upgraded.client.endAsync();

    // Once per upgrade, not per connect.
    const later = await connectKiosk(t, old.deviceId, old.mqttPassword);
    await new Promise((r) => setTimeout(r, 500));
    expect(later.commands).toEqual([]);
    await later.client.endAsync();
  });
});
