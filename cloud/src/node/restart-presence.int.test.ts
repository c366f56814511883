import { deviceTopic, encode } from '@screenvisit/protocol';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireOrSkip } from '../../../test-support/requirements.js';
import { LOOPBACK_NETWORKS } from '../../test/fixtures.js';
import { type CloudProcess, startCloudProcess } from '../../test/kits/cloud-process.js';
import { until } from '../../test/kits/devices.js';
import { createTestDatabase, testDatabaseKind } from '../../test/postgres-database.js';
import { cookieName, csrfTokenFor } from '../auth/session-cookie.js';
import { createSession } from '../auth/session-store.js';
import {
  type Database,
  issueEnrolmentCode,
  municipalitiesTable,
  openDatabase,
  registerDevice,
  staffTable,
} from '../db/index.js';
import { createLogger } from '../kernel/logger.js';

// Two processes share one database here, so this needs the real PostgreSQL server (PGlite is one process's).
const usable = requireOrSkip(
  'PostgreSQL at 127.0.0.1:5432',
  (await testDatabaseKind()) === 'postgres',
  'a cloud process killed and restarted on the same data needs the real server',
);

describe.runIf(usable)('presence after kill -9 of the cloud (issue 14, issue 12)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Database;
  let cloud: CloudProcess | null = null;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    cloud = await startCloudProcess({ DATABASE_URL: database.url });
    db = await openDatabase({ url: database.url, dataDir: '', log: createLogger({ level: 'silent' }) });
  });
  afterAll(async () => {
    for (const client of clients) await client.endAsync(true);
    await cloud?.kill();
    await db?.close();
    await database?.drop();
  });

  it('shows a kiosk offline after the cloud was killed and restarted, until the kiosk really reconnects', async () => {
    const [municipality] = await db.db
      .insert(municipalitiesTable)
      .values({ name: 'Kommune kill-9', settings: { staffNetworks: LOOPBACK_NETWORKS } })
      .returning();
    const [support] = await db.db
      .insert(staffTable)
      .values({ municipalityId: municipality!.id, username: 'support-k9', displayName: 'S', role: 'support' })
      .returning();
    const { token } = await createSession(db.db, {
      subjectKind: 'staff',
      subjectId: support!.id,
      municipalityId: municipality!.id,
      stage: 'full',
      method: 'test',
      ip: '127.0.0.1',
      now: new Date(),
      absoluteMs: 3_600_000,
    });
    const headers = { cookie: `${cookieName(true)}=${token}`, 'x-csrf-token': csrfTokenFor(token) };
    const device = await registerDevice(db.db, { municipalityId: municipality!.id, label: 'K9-1' });
    const code = await issueEnrolmentCode(db.db, device.id, { ttlMs: 60_000, now: new Date() });

    const enrolled = await fetch(`${cloud!.base}/api/devices/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, hardwareId: 'hw-k9' }),
    });
    expect(enrolled.status).toBe(201);
    const { deviceId, mqttPassword } = (await enrolled.json()) as { deviceId: string; mqttPassword: string };

    const kioskOn = async (port: number) => {
      const client = await connectAsync(`mqtt://127.0.0.1:${port}`, {
        clientId: deviceId,
        username: deviceId,
        password: mqttPassword,
        reconnectPeriod: 0,
        clean: false,
      });
      clients.push(client);
      await client.subscribeAsync(deviceTopic(deviceId, 'cmd'), { qos: 1 });
      await client.publishAsync(
        deviceTopic(deviceId, 'state'),
        encode({ v: 1, status: 'online', state: 'idle' }),
        {
          qos: 1,
        },
      );
      return client;
    };
    const seen = async () => {
      const list = await fetch(`${cloud!.base}/api/devices`, { headers });
      expect(list.status).toBe(200);
      const { devices } = (await list.json()) as { devices: { id: string; online: boolean }[] };
      const status = (await (await fetch(`${cloud!.base}/api/status`)).json()) as {
        devices: { online: number };
      };
      return { online: devices.find((d) => d.id === deviceId)?.online, statusOnline: status.devices.online };
    };

    await kioskOn(cloud!.ports.mqtt);
    expect(await until(seen, (s) => s.online === true, 'the kiosk online')).toEqual({
      online: true,
      statusOnline: 1,
    });

    // kill -9 with the kiosk connected: no will, no disconnect is ever recorded by the dying process.
    await cloud!.kill();
    cloud = await startCloudProcess({ DATABASE_URL: database.url });
    expect(await seen()).toEqual({ online: false, statusOnline: 0 });

    await kioskOn(cloud.ports.mqtt);
    expect(await until(seen, (s) => s.online === true, 'the kiosk back online')).toEqual({
      online: true,
      statusOnline: 1,
    });
  });
});
