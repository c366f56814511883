import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { createUnit } from '../../test/kits/care.js';
import { connackCode, connectKiosk, enrolViaApi, supportApi, until } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import {
  callQualityReportsTable,
  callRecordsTable,
  citizenEnrolmentsTable,
  devicesTable,
  deviceWipesTable,
} from '../db/index.js';
import { CitizenChoicesView } from './schemas.js';

/**
 * Issue 12 §2-4 over HTTP: support's remote actions report their outcome (pending → applied/rejected), a lost
 * box is taken out of service and locked out, the lend dialog finds citizens by name and the list names them,
 * the diagnostics bundle holds no personal data, and the alerts list what needs attention.
 */
let t: TestCloud;
let home: { id: string };
let api: Awaited<ReturnType<typeof supportApi>>;
let vendor: Awaited<ReturnType<typeof supportApi>>;
let staffApi: Awaited<ReturnType<typeof supportApi>>;
let supportId: string;
let n = 0;
const label = () => `CON-${String(++n).padStart(3, '0')}`;

beforeAll(async () => {
  t = await startTestCloud({ DEVICE_WIPE_ACK_SECONDS: '1' });
  home = await createMunicipality(t);
  const as = async (role: 'support' | 'vendor_support' | 'staff') =>
    supportApi(t, { id: (await createStaff(t, home.id, role)).id, municipalityId: home.id });
  supportId = (await createStaff(t, home.id, 'support')).id;
  api = await supportApi(t, { id: supportId, municipalityId: home.id });
  vendor = await as('vendor_support');
  staffApi = await as('staff');
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const recent = async (deviceId: string, commandId: string) =>
  (await api('GET', `/api/devices/${deviceId}`)).body.recentCommands.find(
    (c: { id: string }) => c.id === commandId,
  );

describe('the device console API', () => {
  it('reports identify and restart as pending, then as the kiosk answered', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, label());
    const kiosk = await connectKiosk(t, deviceId, mqttPassword);
    const blink = await api('POST', `/api/devices/${deviceId}/identify`, { seconds: 20 });
    expect(blink.status).toBe(202);
    expect(blink.body.deviceWasOnline).toBe(true);
    const { commandId } = blink.body;
    await until(
      async () => kiosk.commands,
      (cs) => cs.some((c) => c.id === commandId),
      'the identify command',
    );
    expect(kiosk.commands.find((c) => c.id === commandId)).toMatchObject({ type: 'identify', seconds: 20 });
    expect((await recent(deviceId, commandId)).status).toMatch(/^(pending|sent)$/);
    await kiosk.ack(commandId);
    await until(
      () => recent(deviceId, commandId),
      (c) => c.status === 'applied',
      'identify applied',
    );

    const restart = (await api('POST', `/api/devices/${deviceId}/restart`)).body.commandId as string;
    await until(
      async () => kiosk.commands,
      (cs) => cs.some((c) => c.id === restart && c.type === 'restart'),
      'the restart command',
    );
    await kiosk.ack(restart, { status: 'rejected', reason: 'busy (in_call)' });
    expect(
      await until(
        () => recent(deviceId, restart),
        (c) => c.status === 'rejected',
        'restart refused',
      ),
    ).toEqual(expect.objectContaining({ reason: 'busy (in_call)' }));
    expect((await vendor('POST', `/api/devices/${deviceId}/identify`, {})).status).toBe(403);
    await kiosk.client.endAsync(true);
  });

  it('finds citizens by name for the lend dialog and names the borrower in the list', async () => {
    const { deviceId } = await enrolViaApi(t, api, label());
    const ruth = await createCitizen(t, home.id, { displayName: 'Ruth Kjærsgaard' });
    await createCitizen(t, home.id, { displayName: 'Otto Kjær' });
    await createCitizen(t, (await createMunicipality(t)).id, { displayName: 'Rasmus Kjær (elsewhere)' });
    const found = (await api('GET', '/api/devices/citizens?q=kjær')).body.citizens;
    expect(found.map((c: { displayName: string }) => c.displayName)).toEqual([
      'Otto Kjær',
      'Ruth Kjærsgaard',
    ]);
    expect((await api('GET', '/api/devices/citizens?q=%25')).body.citizens).toEqual([]);
    expect((await staffApi('GET', '/api/devices/citizens?q=k')).status).toBe(403);

    await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: ruth.id });
    const listed = (await api('GET', '/api/devices')).body.devices.find(
      (d: { id: string }) => d.id === deviceId,
    );
    expect(listed).toMatchObject({ citizenName: 'Ruth Kjærsgaard', heldAs: null });
    const again = (await api('GET', '/api/devices/citizens?q=Ruth')).body.citizens;
    expect(again[0]).toMatchObject({ displayName: 'Ruth Kjærsgaard', deviceLabel: listed.label });
    const seenByVendor = (await vendor('GET', '/api/devices')).body.devices.find(
      (d: { id: string }) => d.id === deviceId,
    );
    expect(seenByVendor).not.toHaveProperty('citizenName');
  });

  it('tells namesakes apart in the lend dialog by their units and ref, never another municipality’s unit', async () => {
    const north = await createUnit(t, home.id, 'home_care_team', 'Hjemmeplejen Nord');
    const south = await createUnit(t, home.id, 'home_care_team', 'Hjemmeplejen Syd');
    const foreign = await createUnit(t, (await createMunicipality(t)).id, 'home_care_team', 'Fremmed Team');
    const a = await createCitizen(t, home.id, { displayName: 'Svend Navnesen' });
    const b = await createCitizen(t, home.id, { displayName: 'Svend Navnesen' });
    await t.cloud.db.db.insert(citizenEnrolmentsTable).values([
      { citizenId: a.id, unitId: north.id },
      { citizenId: b.id, unitId: south.id },
      { citizenId: b.id, unitId: foreign.id },
    ]);
    const reply = await api('GET', '/api/devices/citizens?q=svend%20navnesen');
    const found = CitizenChoicesView.parse(reply.body).citizens;
    expect(found.map((c) => [c.id, c.units])).toEqual(
      expect.arrayContaining([
        [a.id, ['Hjemmeplejen Nord']],
        [b.id, ['Hjemmeplejen Syd']],
      ]),
    );
    expect(found[0]?.ref).not.toBe(found[1]?.ref);
    expect(JSON.stringify(reply.body)).not.toContain('Fremmed');
  });

  it('takes a lost box out of service: the loan ends, it is locked out, it cannot be lent until found', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, label());
    const citizen = await createCitizen(t, home.id, { displayName: 'Viggo Lund' });
    await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id });
    const lost = await api('POST', `/api/devices/${deviceId}/hold`, { heldAs: 'lost' });
    expect(lost.status).toBe(200);
    expect(lost.body).toMatchObject({ heldAs: 'lost', lent: false, lifecycle: 'wiping', wipePending: true });
    expect(await connackCode(t, deviceId, mqttPassword)).toBe(5);
    const other = await createCitizen(t, home.id);
    const refused = await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: other.id });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('lost');
    const wipes = await t.cloud.db.db
      .select()
      .from(deviceWipesTable)
      .where(eq(deviceWipesTable.deviceId, deviceId));
    expect(wipes).toHaveLength(1);

    const repair = await enrolViaApi(t, api, label());
    const inRepair = await api('POST', `/api/devices/${repair.deviceId}/hold`, { heldAs: 'in_repair' });
    expect(inRepair.body).toMatchObject({
      heldAs: 'in_repair',
      lifecycle: 'enrolled',
      wipePending: false,
      holdsCredential: true,
    });
    const back = await api('POST', `/api/devices/${repair.deviceId}/hold`, { heldAs: null });
    expect(back.body.heldAs).toBeNull();
  });

  it('reports a box lost that never enrolled: nothing to wipe, so it is only marked and its enrolment code dies, and it can come back', async () => {
    const registered = await api('POST', '/api/devices', { label: label() });
    expect(registered.status).toBe(201);
    const deviceId = registered.body.id as string;
    const code = await api('POST', `/api/devices/${deviceId}/enrolment-code`);
    expect(code.status).toBe(201);
    const lost = await api('POST', `/api/devices/${deviceId}/hold`, { heldAs: 'lost' });
    expect(lost.status).toBe(200);
    expect(lost.body).toMatchObject({
      heldAs: 'lost',
      lifecycle: 'registered',
      wipePending: false,
      holdsCredential: false,
    });
    const back = await api('POST', `/api/devices/${deviceId}/hold`, { heldAs: null });
    expect(back.body).toMatchObject({ heldAs: null, lifecycle: 'registered' });
    // The code issued before the loss died with it, also after the box came back: support issues a new one.
    const enrol = await fetch(`${t.base}/api/devices/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: code.body.code, hardwareId: `hw-${deviceId}` }),
    });
    expect(enrol.status).not.toBe(201);
    expect((await api('GET', `/api/devices/${deviceId}`)).body).toMatchObject({ lifecycle: 'registered' });
  });

  it('bundles diagnostics without personal data, for support to download and vendor support to read', async () => {
    const { deviceId, mqttPassword } = await enrolViaApi(t, api, label());
    const citizen = await createCitizen(t, home.id, { displayName: 'Gudrun Privat' });
    await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id });
    const kiosk = await connectKiosk(t, deviceId, mqttPassword);
    await kiosk.publish('hb', {
      v: 1,
      uptimeS: 120,
      software: 'screenvisit-kiosk/9.9.9',
      engine: 'wrtc',
      rttMs: 42,
      temperatureC: 51.5,
      at: new Date().toISOString(),
    });
    await until(
      async () => (await api('GET', `/api/devices/${deviceId}`)).body.health,
      (h) => h !== null,
      'the heartbeat',
    );
    const url = `${t.base}/api/diagnostics/devices/${deviceId}?download=1`;
    expect((await fetch(url)).status).toBe(401);
    const { headers } = await sessionFor(t, { kind: 'staff', id: supportId, municipalityId: home.id });
    const download = await fetch(url, { headers });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="screenvisit-device-${deviceId}.json"`,
    );
    const bundle = await vendor('GET', `/api/diagnostics/devices/${deviceId}`);
    expect(bundle.status).toBe(200);
    expect(bundle.body.device).toMatchObject({ lent: true, lifecycle: 'lent' });
    expect(bundle.body.health).toMatchObject({ rttMs: 42, temperatureC: 51.5 });
    expect(bundle.body.logLines.some((l: string) => l.includes('device.lent'))).toBe(true);
    const text = JSON.stringify(bundle.body);
    expect(text).not.toContain('Gudrun');
    expect(text).not.toContain(citizen.id);
    expect((await staffApi('GET', `/api/diagnostics/devices/${deviceId}`)).status).toBe(403);
    await kiosk.client.endAsync(true);
  });

  it('lists a wipe that nobody could confirm and a staff account unused too long as alerts', async () => {
    const { deviceId } = await enrolViaApi(t, api, label());
    const old = new Date(Date.now() - 3 * 86_400_000);
    await api('POST', `/api/devices/${deviceId}/wipe`, { afterWipe: 'registered' });
    await t.cloud.db.db
      .update(deviceWipesTable)
      .set({ requestedAt: old })
      .where(eq(deviceWipesTable.deviceId, deviceId));
    const day = 86_400_000;
    const sleeper = await createStaff(t, home.id, 'staff', {
      displayName: 'Sovende Medarbejder',
      createdAt: new Date(Date.now() - 400 * day),
    });
    const lastLogin = new Date(Date.now() - 70 * day);
    const former = await createStaff(t, home.id, 'staff', {
      displayName: 'Tidligere Aktiv',
      createdAt: new Date(Date.now() - 300 * day),
      lastLoginAt: lastLogin,
    });
    const { alerts } = (await api('GET', '/api/alerts')).body;
    const about = (id: string) => alerts.find((a: { subject: { id: string } }) => a.subject.id === id);
    // Never logged in: the days count from creation and the alert says so; the job's date is already past.
    expect(about(sleeper.id)).toMatchObject({
      figures: { days: 400, neverLoggedIn: 1 },
      closesAt: new Date(sleeper.createdAt.getTime() + 120 * day).toISOString(),
      summary: expect.stringContaining('was created 400 days ago and has never logged in'),
    });
    // Logged in 70 days ago: closed by itself 120 days after that login (the default inactivityDisableDays).
    expect(about(former.id)).toMatchObject({
      figures: { days: 70, neverLoggedIn: 0 },
      closesAt: new Date(lastLogin.getTime() + 120 * day).toISOString(),
      summary: expect.stringContaining('has not logged in for 70 days. The account is closed by itself on'),
    });
    expect(alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'wipe_pending',
          severity: 'critical',
          subject: expect.objectContaining({ id: deviceId }),
          figures: { hours: 72 },
        }),
        expect.objectContaining({
          kind: 'inactive_account',
          subject: expect.objectContaining({ name: 'Sovende Medarbejder' }),
        }),
      ]),
    );
    expect(alerts[0].severity).toBe('critical');
    expect((await vendor('GET', '/api/alerts')).status).toBe(403);
  });

  it('alerts on a lent kiosk offline for hours and on a poor connection, and bundles a call without names', async () => {
    const { deviceId } = await enrolViaApi(t, api, label());
    const citizen = await createCitizen(t, home.id, { displayName: 'Karla Offline' });
    await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id });
    const db = t.cloud.db.db;
    await db
      .update(devicesTable)
      .set({ online: false, lastSeenAt: new Date(Date.now() - 6 * 3_600_000) })
      .where(eq(devicesTable.id, deviceId));
    const callId = randomUUID();
    const at = new Date(Date.now() - 3_600_000);
    await db.insert(callRecordsTable).values({
      callId,
      municipalityId: home.id,
      callerKind: 'staff',
      callerId: supportId,
      calleeKind: 'device',
      calleeId: deviceId,
      ringAt: at,
      connectedAt: at,
      endAt: new Date(at.getTime() + 60_000),
      endReason: 'hung_up',
    });
    await db.insert(callQualityReportsTable).values({
      municipalityId: home.id,
      callId,
      side: 'caller',
      report: { rttMs: 650, lossPercent: 9, bitrateKbps: 300, durationSeconds: 60, audioOnly: false },
      createdAt: at,
    });
    const { alerts } = (await api('GET', '/api/alerts')).body;
    const mine = alerts.filter((a: { subject: { id: string } }) => a.subject.id === deviceId);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'device_offline', figures: { hours: 6 } }),
        expect.objectContaining({
          kind: 'poor_connection',
          figures: { rttMs: 650, lossPercent: 9, calls: 1 },
        }),
      ]),
    );
    expect(JSON.stringify(alerts)).not.toContain('Karla');

    const call = await vendor('GET', `/api/diagnostics/calls/${callId}`);
    expect(call.status).toBe(200);
    expect(call.body.call).toMatchObject({ endReason: 'hung_up', calleeKind: 'device', deviceId });
    expect(call.body.callQuality).toEqual([expect.objectContaining({ rttMs: 650, lossPercent: 9 })]);
    expect(JSON.stringify(call.body)).not.toContain(supportId);
    const device = (await vendor('GET', `/api/diagnostics/devices/${deviceId}`)).body;
    expect(device.calls.map((c: { callId: string }) => c.callId)).toEqual([callId]);
  });
});
