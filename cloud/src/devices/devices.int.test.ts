import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { connackCode, connectKiosk, enrolViaApi, supportApi, until } from '../../test/kits/devices.js';
import { createTestDatabase, testDatabaseKind } from '../../test/postgres-database.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import {
  auditLogTable,
  deviceCommandsTable,
  deviceConfigsTable,
  devicesTable,
  deviceWipesTable,
  unitsTable,
} from '../db/index.js';

let t: TestCloud;
let home: { id: string };
let api: Awaited<ReturnType<typeof supportApi>>;
let vendor: Awaited<ReturnType<typeof supportApi>>;
let label = 0;
const nextLabel = () => `KBH-${String(++label).padStart(4, '0')}`;

beforeAll(async () => {
  // Short ack timeout so the "silent kiosk" case is quick; an acking kiosk answers in milliseconds.
  t = await startTestCloud({ DEVICE_WIPE_ACK_SECONDS: '2' });
  home = await createMunicipality(t);
  api = await supportApi(t, { id: (await createStaff(t, home.id, 'support')).id, municipalityId: home.id });
  vendor = await supportApi(t, {
    id: (await createStaff(t, home.id, 'vendor_support')).id,
    municipalityId: home.id,
  });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const row = async (deviceId: string) =>
  (await t.cloud.db.db.select().from(devicesTable).where(eq(devicesTable.id, deviceId)))[0]!;
const actions = async (deviceId: string) =>
  (
    await t.cloud.db.db
      .select({ action: auditLogTable.action })
      .from(auditLogTable)
      .where(and(eq(auditLogTable.targetKind, 'device'), eq(auditLogTable.targetId, deviceId)))
  ).map((r) => r.action);

describe('loan devices for support', () => {
  it('registers, enrols, lends and takes back a device, auditing each step', async () => {
    const { deviceId } = await enrolViaApi(t, api, nextLabel());
    const citizen = await createCitizen(t, home.id);
    expect(
      (await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id })).body,
    ).toMatchObject({
      lifecycle: 'lent',
      lent: true,
      citizenId: citizen.id,
    });
    const other = await createCitizen(t, home.id);
    expect((await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: other.id })).status).toBe(409);

    const listed = (await api('GET', '/api/devices')).body.devices.find(
      (d: { id: string }) => d.id === deviceId,
    );
    expect(listed).toMatchObject({ lifecycle: 'lent', citizenId: citizen.id });
    // Vendor support reads diagnostics, never who has the device.
    const seenByVendor = (await vendor('GET', `/api/devices/${deviceId}`)).body;
    expect(seenByVendor).toMatchObject({ lifecycle: 'lent', lent: true });
    expect(seenByVendor).not.toHaveProperty('citizenId');
    expect((await vendor('POST', `/api/devices/${deviceId}/return`)).status).toBe(403);

    expect((await api('POST', `/api/devices/${deviceId}/return`)).body).toMatchObject({
      lifecycle: 'enrolled',
      lent: false,
    });
    expect(await actions(deviceId)).toEqual(
      expect.arrayContaining([
        'device.registered',
        'device.enrolment_code_issued',
        'device.enrolled',
        'device.lent',
        'device.returned',
      ]),
    );
  });

  it('lends a kiosk taken back and not wiped to nobody but the citizen it came back from, until a wipe', async () => {
    const { deviceId } = await enrolViaApi(t, api, nextLabel());
    const shown = async () => (await api('GET', `/api/devices/${deviceId}`)).body;
    // Never lent: nothing of anyone's on it.
    expect(await shown()).toMatchObject({
      lifecycle: 'enrolled',
      returnedUnwipedAt: null,
      returnedFrom: null,
    });
    const citizen = await createCitizen(t, home.id);
    const other = await createCitizen(t, home.id);
    await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id });
    expect(await shown()).toMatchObject({ lent: true, returnedUnwipedAt: null });
    await api('POST', `/api/devices/${deviceId}/return`);
    const returned = await shown();
    expect(returned.returnedUnwipedAt).toEqual(expect.any(String));
    expect(returned.returnedFrom).toEqual(expect.objectContaining({ id: citizen.id }));
    // The list says it too (the console's status and the CLI read it there).
    const listed = (await api('GET', '/api/devices')).body.devices.find(
      (d: { id: string }) => d.id === deviceId,
    );
    expect(listed.returnedUnwipedAt).toEqual(returned.returnedUnwipedAt);
    // Vendor support sees the kiosk's state, not whom it came back from.
    const vendorView = (await vendor('GET', `/api/devices/${deviceId}`)).body;
    expect(vendorView.returnedUnwipedAt).toEqual(returned.returnedUnwipedAt);
    expect(vendorView.returnedFrom).toBeUndefined();
    // It still holds her contacts: refused for anyone else, in Danish for the console.
    const refused = await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: other.id });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toContain('wipe it before lending it to someone else');
    // Taken back by mistake: it goes back to the same citizen at once.
    expect((await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id })).status).toBe(200);
    expect(await shown()).toMatchObject({ lent: true, returnedUnwipedAt: null });
    await api('POST', `/api/devices/${deviceId}/return`);
    expect((await shown()).returnedUnwipedAt).toEqual(expect.any(String));
    expect((await api('POST', `/api/devices/${deviceId}/wipe`, {})).status).toBe(202);
    expect(await shown()).toMatchObject({ lifecycle: 'wiping', returnedUnwipedAt: null, returnedFrom: null });
    // Wiped: no one's data on it, so the mark is gone from the row itself.
    const [row] = await t.cloud.db.db.select().from(devicesTable).where(eq(devicesTable.id, deviceId));
    expect([row?.returnedAt, row?.returnedFromCitizenId]).toEqual([null, null]);
  });

  it('pushes a config to an online kiosk, which acknowledges it; the cloud records the applied version', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, nextLabel());
    const [pool] = await t.cloud.db.db
      .insert(unitsTable)
      .values({ municipalityId: home.id, name: 'Nattevagten', kind: 'night_watch_pool' })
      .returning();
    const kiosk = await connectKiosk(t, deviceId, mqttPassword);
    const pushed = await api('PUT', `/api/devices/${deviceId}/config`, {
      volume: 35,
      brightness: 60,
      nightWatch: { enabled: true, poolId: pool!.id },
    });
    expect(pushed.status).toBe(202);
    expect(pushed.body).toMatchObject({ version: 1 });

    await until(
      async () => kiosk.commands.length,
      (n) => n > 0,
      'the config command',
    );
    const command = kiosk.commands[0]!;
    expect(command).toMatchObject({
      type: 'config.apply',
      version: 1,
      config: { volume: 35, brightness: 60, nightWatch: { enabled: true, poolId: pool!.id } },
    });
    expect((await api('GET', `/api/devices/${deviceId}`)).body).toMatchObject({
      configVersion: 0,
      targetConfigVersion: 1,
      pendingCommands: 1,
    });

    await kiosk.ack(command.id, { appliedVersion: 1 });
    const shown = await until(
      async () => (await api('GET', `/api/devices/${deviceId}`)).body,
      (d) => d.configVersion === 1,
      'the applied version',
    );
    expect(shown).toMatchObject({ pendingCommands: 0, targetConfig: { volume: 35 } });
    expect(await actions(deviceId)).toEqual(
      expect.arrayContaining(['device.config_pushed', 'device.config_applied']),
    );
    // The ack's audit row, written in the ack batch's one statement (config-push.ts recordConfigAcks), as
    // appendAudit would: the device's municipality, the device as actor and target, the version and command.
    const applied = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.action, 'device.config_applied'), eq(auditLogTable.targetId, deviceId)));
    expect(applied).toEqual([
      expect.objectContaining({
        municipalityId: home.id,
        actorKind: 'device',
        actorId: deviceId,
        targetKind: 'device',
        ip: null,
        details: { version: 1, commandId: command.id },
      }),
    ]);
    const [version1] = await t.cloud.db.db
      .select({ appliedAt: deviceConfigsTable.appliedAt })
      .from(deviceConfigsTable)
      .where(and(eq(deviceConfigsTable.deviceId, deviceId), eq(deviceConfigsTable.version, 1)));
    expect(version1?.appliedAt).toBeInstanceOf(Date);

    // The next push keeps what was set and only changes what is given.
    const second = await api('PUT', `/api/devices/${deviceId}/config`, { volume: 80 });
    expect(second.body).toMatchObject({ version: 2, config: { volume: 80, brightness: 60 } });
    await kiosk.client.endAsync(true);
  });

  it('refuses night watch without a pool of its own municipality, and unknown fields', async () => {
    const { deviceId } = await enrolViaApi(t, api, nextLabel());
    const url = `/api/devices/${deviceId}/config`;
    expect((await api('PUT', url, { nightWatch: { enabled: true } })).status).toBe(400);
    expect((await api('PUT', url, { nightWatch: { enabled: true, poolId: randomUUID() } })).status).toBe(404);
    expect((await api('PUT', url, { contacts: [] })).status).toBe(400);
    expect((await api('PUT', url, { volume: 101 })).status).toBe(400);
  });

  it('stores the last heartbeat: uptime, RTT and temperature, with last seen', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, nextLabel());
    const kiosk = await connectKiosk(t, deviceId, mqttPassword);
    await kiosk.publish('hb', {
      v: 1,
      uptimeS: 4242,
      software: '0.3.0',
      engine: 'wrtc',
      rttMs: 12.5,
      temperatureC: 51.2,
      at: new Date().toISOString(),
    });
    const listed = await until(
      async () =>
        (await vendor('GET', '/api/devices')).body.devices.find((d: { id: string }) => d.id === deviceId),
      (d) => d?.health !== null,
      'the heartbeat',
    );
    expect(listed).toMatchObject({
      online: true,
      software: '0.3.0',
      engine: 'wrtc',
      health: { uptimeS: 4242, rttMs: 12.5, temperatureC: 51.2 },
    });
    expect(listed.lastSeenAt).not.toBeNull();
    await kiosk.client.endAsync(true);
  });
});

describe('a kiosk’s enrolment code across a lend', () => {
  it('says until when an unused code works, a lend leaves that code working, and a used one is gone', async () => {
    const registered = (await api('POST', '/api/devices', { label: nextLabel() })).body;
    expect(registered.enrolmentCodeUntil).toBeNull();
    const issued = (await api('POST', `/api/devices/${registered.id}/enrolment-code`)).body;
    const citizen = await createCitizen(t, home.id);
    const lent = await api('POST', `/api/devices/${registered.id}/lend`, { citizenId: citizen.id });
    expect(lent.body).toMatchObject({
      lifecycle: 'registered',
      lent: true,
      enrolmentCodeUntil: issued.expiresAt,
    });
    expect(JSON.stringify(lent.body)).not.toContain(issued.code);
    const enrolled = await fetch(`${t.base}/api/devices/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: issued.code, hardwareId: `hw-${registered.label}` }),
    });
    expect(enrolled.status).toBe(201);
    expect((await api('GET', `/api/devices/${registered.id}`)).body).toMatchObject({
      lifecycle: 'lent',
      enrolmentCodeUntil: null,
    });
  });

  it('cancels the unused code of a kiosk taken back before it was ever enrolled', async () => {
    const registered = (await api('POST', '/api/devices', { label: nextLabel() })).body;
    const issued = (await api('POST', `/api/devices/${registered.id}/enrolment-code`)).body;
    const citizen = await createCitizen(t, home.id);
    expect((await api('POST', `/api/devices/${registered.id}/lend`, { citizenId: citizen.id })).status).toBe(
      200,
    );
    // The letter with the code stays at her home; the box is back on the shelf.
    const returned = await api('POST', `/api/devices/${registered.id}/return`);
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ lent: false, enrolmentCodeUntil: null });
    const enrolled = await fetch(`${t.base}/api/devices/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: issued.code, hardwareId: `hw-${registered.label}` }),
    });
    expect(enrolled.status).toBeGreaterThanOrEqual(400);
    expect((await api('GET', `/api/devices/${registered.id}`)).body.hardwareId ?? null).toBeNull();
  });
});

describe('remote wipe', () => {
  it('settles a config acknowledged at QoS 0; a lost QoS 0 ack means one resend at the next connection, whose ack settles it', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, nextLabel());
    const kiosk = await connectKiosk(t, deviceId, mqttPassword);
    const first = await api('PUT', `/api/devices/${deviceId}/config`, { volume: 30 });
    await until(
      async () => kiosk.commands.length,
      (n) => n > 0,
      'the config command',
    );
    // A QoS 0 ack has no PUBACK; the kiosk's write is all it waits for (protocol ACK_QOS).
    await kiosk.ack(first.body.commandId, { appliedVersion: 1 }, 0);
    await until(
      async () => (await api('GET', `/api/devices/${deviceId}`)).body,
      (d) => d.configVersion === 1 && d.pendingCommands === 0,
      'the QoS 0 ack settled',
    );

    // The next config's ack is lost (to the cloud, a QoS 0 ack lost on the way is one never sent): the command
    // stays in the outbox, and the kiosk's next connection gets it again (the outbox is the retry).
    const second = await api('PUT', `/api/devices/${deviceId}/config`, { volume: 31 });
    await until(
      async () => kiosk.commands.length,
      (n) => n > 1,
      'the second config command',
    );
    await kiosk.client.endAsync(true);
    expect((await api('GET', `/api/devices/${deviceId}`)).body).toMatchObject({
      configVersion: 1,
      pendingCommands: 1,
    });
    const again = await connectKiosk(t, deviceId, mqttPassword);
    await until(
      async () => again.commands.length,
      (n) => n > 0,
      'the resend at reconnect',
    );
    expect(again.commands).toMatchObject([{ id: second.body.commandId, type: 'config.apply', version: 2 }]);
    await again.ack(second.body.commandId, { appliedVersion: 2 }, 0);
    await until(
      async () => (await api('GET', `/api/devices/${deviceId}`)).body,
      (d) => d.configVersion === 2 && d.pendingCommands === 0,
      'the second ack settled',
    );
    await again.client.endAsync(true);
  });

  it('refuses a wipe acknowledged at QoS 0: the kiosk is cut and the wipe stays unacknowledged (issue 14 §5)', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, nextLabel());
    const kiosk = await connectKiosk(t, deviceId, mqttPassword);
    const requested = api('POST', `/api/devices/${deviceId}/wipe`, {});
    await until(async () => kiosk.commands.find((c) => c.type === 'wipe'), Boolean, 'the wipe command');
    const wipe = kiosk.commands.find((c) => c.type === 'wipe')!;
    // A wipe's ack must be QoS 1, whose PUBACK follows the commit: the kiosk erases its credential after it.
    await kiosk.ack(wipe.id, {}, 0);
    await kiosk.closed;
    // Cut for the refusal at once, not by the wipe's 2 s ack timeout.
    expect(
      t.logs.some(
        (l) =>
          l.deviceId === deviceId && l.msg === 'refused a QoS 0 ack of a command acknowledged with QoS 1',
      ),
    ).toBe(true);
    expect((await requested).body).toMatchObject({ status: 'pending', deviceWasOnline: true });
    const [command] = await t.cloud.db.db
      .select({ ackedAt: deviceCommandsTable.ackedAt })
      .from(deviceCommandsTable)
      .where(eq(deviceCommandsTable.id, wipe.id));
    expect(command).toEqual({ ackedAt: null });
    expect(await actions(deviceId)).not.toContain('device.wipe_acknowledged');
  });

  it('wipes an ONLINE kiosk: revoked at once, the kiosk acknowledges over its open link, then it is cut', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, nextLabel());
    const kiosk = await connectKiosk(t, deviceId, mqttPassword);
    const citizen = await createCitizen(t, home.id);
    await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id });
    const requested = api('POST', `/api/devices/${deviceId}/wipe`, {});

    await until(async () => kiosk.commands.find((c) => c.type === 'wipe'), Boolean, 'the wipe command');
    // While the kiosk still holds its connection, the credential is already revoked server-side.
    expect((await row(deviceId)).credentialRevokedAt).not.toBeNull();
    expect((await row(deviceId)).lifecycle).toBe('wiping');
    expect(kiosk.client.connected).toBe(true);
    const wipe = kiosk.commands.find((c) => c.type === 'wipe')!;
    await kiosk.ack(wipe.id);

    const outcome = await requested;
    expect(outcome.status).toBe(202);
    expect(outcome.body).toMatchObject({ wipeId: wipe.id, status: 'acknowledged', deviceWasOnline: true });
    await kiosk.closed; // cut after the ack
    expect(await row(deviceId)).toMatchObject({ lifecycle: 'registered', citizenId: null });
    expect(await connackCode(t, deviceId, mqttPassword)).toBe(5);
    expect(await actions(deviceId)).toEqual(
      expect.arrayContaining([
        'device.wipe_requested',
        'device.credential_revoked',
        'device.wipe_acknowledged',
        'device.wipe_settled',
      ]),
    );
    // Wiped: nothing is left on it, so support is not offered a second wipe, and one asked for is refused (a
    // second wipe of a box that holds no credential would stay pending for good: it never connects with it).
    expect((await api('GET', `/api/devices/${deviceId}`)).body).toMatchObject({
      lifecycle: 'registered',
      holdsCredential: false,
    });
    const again = await api('POST', `/api/devices/${deviceId}/wipe`, {});
    expect(again.status).toBe(409);
    expect((await row(deviceId)).lifecycle).toBe('registered');
  });

  it('cuts an online kiosk that never acknowledges; it is refused at its next CONNECT and that settles the wipe', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, nextLabel());
    const kiosk = await connectKiosk(t, deviceId, mqttPassword);
    const outcome = await api('POST', `/api/devices/${deviceId}/wipe`, {});
    expect(outcome.body).toMatchObject({ status: 'pending', deviceWasOnline: true });
    await kiosk.closed;
    expect(kiosk.commands.map((c) => c.type)).toContain('wipe');
    expect((await row(deviceId)).lifecycle).toBe('wiping');

    expect(await connackCode(t, deviceId, mqttPassword)).toBe(5);
    await until(
      async () => (await row(deviceId)).lifecycle,
      (l) => l === 'registered',
      'settlement',
    );
    const [wipe] = await t.cloud.db.db
      .select()
      .from(deviceWipesTable)
      .where(eq(deviceWipesTable.deviceId, deviceId));
    expect(wipe).toMatchObject({ settledBy: 'refusal' });
  });

  it('wipes an OFFLINE kiosk on its next connection: CONNACK 5, settled by refusal, no stale wipe after re-enrolment', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, nextLabel());
    const outcome = await api('POST', `/api/devices/${deviceId}/wipe`, { afterWipe: 'registered' });
    expect(outcome.body).toMatchObject({ status: 'pending', deviceWasOnline: false });
    const pending = await t.cloud.db.db
      .select()
      .from(deviceCommandsTable)
      .where(eq(deviceCommandsTable.deviceId, deviceId));
    expect(pending).toMatchObject([{ type: 'wipe', ackedAt: null }]);
    expect(await row(deviceId)).toMatchObject({ lifecycle: 'wiping' });

    expect(await connackCode(t, deviceId, mqttPassword)).toBe(5);
    await until(
      async () => (await row(deviceId)).lifecycle,
      (l) => l === 'registered',
      'settlement',
    );
    const [command] = await t.cloud.db.db
      .select()
      .from(deviceCommandsTable)
      .where(eq(deviceCommandsTable.deviceId, deviceId));
    expect(command?.ackedAt).not.toBeNull();
    expect(command?.ackReason).toMatch(/refusal/);

    // Ready for re-enrolment; the re-enrolled kiosk has nothing pending (the old wipe must not reach it).
    const code = await api('POST', `/api/devices/${deviceId}/enrolment-code`);
    expect(code.status).toBe(201);
    expect((await api('GET', `/api/devices/${deviceId}`)).body).toMatchObject({ commands: [], wipe: null });
  });

  it('retires a device after its wipe when asked: no more enrolment codes', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, nextLabel());
    await api('POST', `/api/devices/${deviceId}/wipe`, { afterWipe: 'retired' });
    expect((await api('POST', `/api/devices/${deviceId}/wipe`, {})).status).toBe(409);
    expect(await connackCode(t, deviceId, mqttPassword)).toBe(5);
    await until(
      async () => (await row(deviceId)).lifecycle,
      (l) => l === 'retired',
      'retirement',
    );
    expect((await api('POST', `/api/devices/${deviceId}/enrolment-code`)).status).toBe(409);
    expect((await api('PUT', `/api/devices/${deviceId}/config`, { volume: 10 })).status).toBe(409);
  });
});

describe('the outbox across a cloud restart', () => {
  it('resends an unacknowledged config after close + start on the same database', async () => {
    const data = (await testDatabaseKind()) === 'postgres' ? await createTestDatabase() : null;
    const dataDir = data ? null : mkdtempSync(join(tmpdir(), 'sv-restart-'));
    const env: Record<string, string> = data ? { DATABASE_URL: data.url } : { DATA_DIR: dataDir! };
    let first: TestCloud | undefined = await startTestCloud(env);
    let second: TestCloud | undefined;
    try {
      const m = await createMunicipality(first);
      const support = (await createStaff(first, m.id, 'support')).id;
      const firstApi = await supportApi(first, { id: support, municipalityId: m.id });
      const { deviceId, mqttPassword } = await enrolViaApi(first, firstApi, 'RESTART-1');
      const before = await connectKiosk(first, deviceId, mqttPassword);
      const pushed = await firstApi('PUT', `/api/devices/${deviceId}/config`, { volume: 42 });
      await until(
        async () => before.commands.length,
        (n) => n > 0,
        'the first delivery',
      );
      // Received but never acknowledged: the cloud goes down.
      await first.close();
      first = undefined;

      second = await startTestCloud(env);
      const after = await connectKiosk(second, deviceId, mqttPassword);
      await until(
        async () => after.commands.length,
        (n) => n > 0,
        'the resend after restart',
      );
      expect(after.commands[0]).toMatchObject({
        id: pushed.body.commandId,
        type: 'config.apply',
        version: 1,
      });
      await after.ack(pushed.body.commandId, { appliedVersion: 1 });
      const secondApi = await supportApi(second, { id: support, municipalityId: m.id });
      await until(
        async () => (await secondApi('GET', `/api/devices/${deviceId}`)).body,
        (d) => d.configVersion === 1 && d.pendingCommands === 0,
        'the ack after restart',
      );
      await after.client.endAsync(true);
    } finally {
      await first?.close();
      await second?.close();
      await data?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
