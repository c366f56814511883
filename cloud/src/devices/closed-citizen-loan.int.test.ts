import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { enrolViaApi, supportApi } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, deviceCommandsTable, devicesTable } from '../db/index.js';
import { settleWipe } from './wipe.js';

let t: TestCloud;
let home: { id: string };
let api: Awaited<ReturnType<typeof supportApi>>;

beforeAll(async () => {
  t = await startTestCloud();
  home = await createMunicipality(t);
  api = await supportApi(t, { id: (await createStaff(t, home.id, 'support')).id, municipalityId: home.id });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const row = async (deviceId: string) =>
  (await t.cloud.db.db.select().from(devicesTable).where(eq(devicesTable.id, deviceId)))[0]!;
const actions = async (deviceId: string) =>
  (
    await t.cloud.db.db
      .select({ action: auditLogTable.action, details: auditLogTable.details })
      .from(auditLogTable)
      .where(and(eq(auditLogTable.targetKind, 'device'), eq(auditLogTable.targetId, deviceId)))
  ).map((r) => r.action);

describe('closing a citizen who borrows a kiosk', () => {
  it('ends the loan, revokes and wipes the kiosk through the outbox, and marks it to be collected', async () => {
    const { deviceId } = await enrolViaApi(t, api, 'KBH-0101');
    const citizen = await createCitizen(t, home.id, { displayName: 'Aase Pedersen' });
    expect((await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id })).status).toBe(200);

    const closed = await api('POST', `/api/citizens/${citizen.id}/disable`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ changed: true, kiosksToCollect: ['KBH-0101'] });

    const device = await row(deviceId);
    expect(device.citizenId).toBeNull();
    expect(device.lifecycle).toBe('wiping');
    expect(device.credentialRevokedAt).not.toBeNull();
    expect(device.collectSince).not.toBeNull();
    const outbox = await t.cloud.db.db
      .select({ type: deviceCommandsTable.type })
      .from(deviceCommandsTable)
      .where(eq(deviceCommandsTable.deviceId, deviceId));
    expect(outbox.map((c) => c.type)).toContain('wipe');
    expect(await actions(deviceId)).toEqual(
      expect.arrayContaining(['device.returned', 'device.wipe_requested', 'device.credential_revoked']),
    );

    const list = await api('GET', '/api/devices');
    const listed = (list.body as { devices: { id: string; collectSince: string | null }[] }).devices.find(
      (d) => d.id === deviceId,
    );
    expect(listed?.collectSince).not.toBeNull();
    const { alerts } = (await api('GET', '/api/alerts')).body as {
      alerts: { kind: string; subject: { name: string } }[];
    };
    expect(alerts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'kiosk_to_collect',
          subject: expect.objectContaining({ name: 'KBH-0101' }),
        }),
      ]),
    );
  });

  it('clears "to be collected" when support marks the kiosk collected, and the alert goes', async () => {
    const { deviceId } = await enrolViaApi(t, api, 'KBH-0102');
    const citizen = await createCitizen(t, home.id, { displayName: 'Bent Holm' });
    await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id });
    await api('POST', `/api/citizens/${citizen.id}/disable`);

    const collected = await api('POST', `/api/devices/${deviceId}/collected`);
    expect(collected.status).toBe(200);
    expect((await row(deviceId)).collectSince).toBeNull();
    expect(await actions(deviceId)).toContain('device.collected');
    const { alerts } = (await api('GET', '/api/alerts')).body as {
      alerts: { kind: string; subject: { id: string } }[];
    };
    expect(alerts.filter((a) => a.kind === 'kiosk_to_collect' && a.subject.id === deviceId)).toEqual([]);
  });

  it('ends the loan the same way when the system closes her (inactivity), audited as the system', async () => {
    const { deviceId } = await enrolViaApi(t, api, 'KBH-0103');
    const citizen = await createCitizen(t, home.id, { displayName: 'Dorte Krog' });
    await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id });
    const outcome = await t.cloud.records.deactivator.disableCitizen(
      home.id,
      citizen.id,
      { kind: 'system', id: null, ip: null },
      'inactivity',
    );
    expect(outcome.kiosksToCollect).toEqual(['KBH-0103']);
    const device = await row(deviceId);
    expect(device).toMatchObject({ citizenId: null, lifecycle: 'wiping' });
    expect(device.collectSince).not.toBeNull();
    const wipeAudit = await t.cloud.db.db
      .select({ actorKind: auditLogTable.actorKind })
      .from(auditLogTable)
      .where(and(eq(auditLogTable.targetId, deviceId), eq(auditLogTable.action, 'device.wipe_requested')));
    expect(wipeAudit).toEqual([{ actorKind: 'system' }]);
  });

  it('tells support whether the kiosk to collect is wiped, still to wipe itself, or never held anything', async () => {
    const kiosk = async (deviceId: string) => {
      const listed = (await api('GET', '/api/devices')).body.devices.find(
        (d: { id: string }) => d.id === deviceId,
      );
      const shown = (await api('GET', `/api/devices/${deviceId}`)).body;
      const { alerts } = (await api('GET', '/api/alerts')).body as {
        alerts: { kind: string; subject: { id: string }; figures: Record<string, number> }[];
      };
      const alert = alerts.find((a) => a.kind === 'kiosk_to_collect' && a.subject.id === deviceId);
      expect(shown.collectWipe).toBe(listed.collectWipe);
      return { collectWipe: listed.collectWipe, figures: alert?.figures };
    };

    const { deviceId: enrolled } = await enrolViaApi(t, api, 'KBH-0104');
    const registered = (await api('POST', '/api/devices', { label: 'KBH-0105' })).body.id as string;
    expect(await kiosk(enrolled)).toMatchObject({ collectWipe: null, figures: undefined });
    const ruth = await createCitizen(t, home.id, { displayName: 'Ruth Lund' });
    const svend = await createCitizen(t, home.id, { displayName: 'Svend Lund' });
    expect((await api('POST', `/api/devices/${enrolled}/lend`, { citizenId: ruth.id })).status).toBe(200);
    expect((await api('POST', `/api/devices/${registered}/lend`, { citizenId: svend.id })).status).toBe(200);
    await api('POST', `/api/citizens/${ruth.id}/disable`);
    await api('POST', `/api/citizens/${svend.id}/disable`);

    // The enrolled kiosk is asked to wipe itself and has not yet (it is offline): not "slettet på afstand".
    expect(await kiosk(enrolled)).toEqual({
      collectWipe: 'pending',
      figures: { days: 0, wipePending: 1, nothingToWipe: 0 },
    });
    // The kiosk lent before it ever enrolled had nothing on it: no wipe was asked, and none is claimed.
    expect(await kiosk(registered)).toEqual({
      collectWipe: 'none',
      figures: { days: 0, wipePending: 0, nothingToWipe: 1 },
    });
    expect((await row(registered)).lifecycle).toBe('registered');

    // It connects with its revoked credential, is refused and wipes itself: now it is wiped.
    expect(
      await settleWipe(t.cloud.db.db, { deviceId: enrolled, by: 'refusal', now: new Date() }),
    ).not.toBeNull();
    expect((await row(enrolled)).lifecycle).toBe('registered');
    expect(await kiosk(enrolled)).toEqual({
      collectWipe: 'done',
      figures: { days: 0, wipePending: 0, nothingToWipe: 0 },
    });
  });

  it('closes a citizen without a kiosk as before, with nothing to collect', async () => {
    const citizen = await createCitizen(t, home.id, { displayName: 'Carl Berg' });
    const closed = await api('POST', `/api/citizens/${citizen.id}/disable`);
    expect(closed.body).toMatchObject({ changed: true, kiosksToCollect: [] });
  });
});
