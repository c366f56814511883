import { randomUUID } from 'node:crypto';
import type { DeviceConfig } from '@screenvisit/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { enrolViaApi, supportApi } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import {
  callQualityReportsTable,
  callRecordsTable,
  citizenRef,
  citizensTable,
  deviceConfigsTable,
  devicesTable,
} from '../db/index.js';
import { currentAlerts } from './rules.js';

/**
 * Support's alerts read straight from the rules with an injected "now": a kiosk lent but never enrolled, and
 * each kiosk paired with its own config and call reports (the rules index them by id, not by search).
 */
let t: TestCloud;
let home: { id: string };
let api: Awaited<ReturnType<typeof supportApi>>;
let n = 0;
const label = () => `RUL-${String(++n).padStart(3, '0')}`;
const HOUR = 3_600_000;
/** Noon in Copenhagen (11:00 in UTC), so quiet hours 10–14 hold "now" in either zone. */
const NOW = new Date('2026-12-07T11:00:00Z');
const db = () => t.cloud.db.db;

beforeAll(async () => {
  t = await startTestCloud();
  home = await createMunicipality(t);
  api = await supportApi(t, { id: (await createStaff(t, home.id, 'support')).id, municipalityId: home.id });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function lend(deviceId: string, name: string, lentAt: Date) {
  const citizen = await createCitizen(t, home.id, { displayName: name });
  expect((await api('POST', `/api/devices/${deviceId}/lend`, { citizenId: citizen.id })).status).toBe(200);
  await db()
    .update(citizensTable)
    .set({ kioskLoanChangedAt: lentAt })
    .where(eq(citizensTable.id, citizen.id));
  return citizen.id;
}

describe('a kiosk lent but never enrolled', () => {
  it('is an alert a day after its lend, naming its borrower for support only', async () => {
    const fresh = (await api('POST', '/api/devices', { label: label() })).body.id as string;
    await lend(fresh, 'Frida Frisk', new Date(NOW.getTime() - 20 * HOUR));
    const stale = (await api('POST', '/api/devices', { label: label() })).body.id as string;
    const citizenId = await lend(stale, 'Ulla Utilmeldt', new Date(NOW.getTime() - 3 * 24 * HOUR - HOUR));
    const { deviceId: enrolled } = await enrolViaApi(t, api, label());
    await lend(enrolled, 'Eva Enrolled', new Date(NOW.getTime() - 5 * 24 * HOUR));

    const alerts = (await currentAlerts(db(), home.id, NOW)).filter((a) => a.kind === 'kiosk_not_enrolled');
    expect(alerts).toEqual([
      expect.objectContaining({
        kind: 'kiosk_not_enrolled',
        severity: 'warning',
        subject: expect.objectContaining({ kind: 'device', id: stale }),
        borrower: { id: citizenId, name: 'Ulla Utilmeldt', ref: citizenRef(citizenId) },
        figures: { days: 3 },
      }),
    ]);
    // The pager's line names the kiosk by its label, never whom it is lent to.
    expect(alerts[0]!.summary).not.toContain('Ulla');
  });

  it('reaches an alert token without the borrower', async () => {
    const desk = await createMunicipality(t);
    const deskApi = await supportApi(t, {
      id: (await createStaff(t, desk.id, 'support')).id,
      municipalityId: desk.id,
    });
    const id = (await deskApi('POST', '/api/devices', { label: 'TOK-001' })).body.id as string;
    const citizen = await createCitizen(t, desk.id, { displayName: 'Tove Token' });
    await deskApi('POST', `/api/devices/${id}/lend`, { citizenId: citizen.id });
    await db()
      .update(citizensTable)
      .set({ kioskLoanChangedAt: new Date(Date.now() - 2 * 24 * HOUR) })
      .where(eq(citizensTable.id, citizen.id));
    const session = (await deskApi('GET', '/api/alerts')).body.alerts;
    expect(session).toContainEqual(
      expect.objectContaining({
        kind: 'kiosk_not_enrolled',
        borrower: expect.objectContaining({ name: 'Tove Token' }),
      }),
    );
    const { token } = (await deskApi('POST', '/api/alerts/tokens', { label: 'pager' })).body;
    const res = await fetch(`${t.base}/api/alerts`, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.text();
    expect(body).toContain('kiosk_not_enrolled');
    expect(body).not.toContain('Tove');
  });
});

describe('a kiosk lent and enrolled but never online', () => {
  it('is not called offline at once: it gets a day from its lend, then one offline alert with the hours since', async () => {
    const kiosks: string[] = [];
    for (const [name, lentHoursAgo] of [
      ['Nora Ny', 2],
      ['Gerda Glemt', 30],
    ] as const) {
      const { deviceId } = await enrolViaApi(t, api, label());
      await lend(deviceId, name, new Date(NOW.getTime() - lentHoursAgo * HOUR));
      await db()
        .update(devicesTable)
        .set({ online: false, lastSeenAt: null })
        .where(eq(devicesTable.id, deviceId));
      kiosks.push(deviceId);
    }
    const [fresh, forgotten] = kiosks as [string, string];
    const alerts = (await currentAlerts(db(), home.id, NOW)).filter((a) => kiosks.includes(a.subject.id));
    // Only the forgotten one, once, with hours it has really been lent (not the 4 h limit as if measured).
    expect(alerts.map((a) => ({ kind: a.kind, id: a.subject.id, ...a.figures }))).toEqual([
      { kind: 'device_offline', id: forgotten, hours: 30 },
    ]);
    expect(alerts.some((a) => a.subject.id === fresh)).toBe(false);
  });
});

describe('each kiosk paired with its own data', () => {
  it('reads quiet hours from a kiosk’s own newest config and call quality from its own calls', async () => {
    const kiosks: string[] = [];
    for (const name of ['Ane Stille', 'Bo Vågen', 'Cai Stille']) {
      const { deviceId } = await enrolViaApi(t, api, label());
      await lend(deviceId, name, new Date(NOW.getTime() - 30 * 24 * HOUR));
      await db()
        .update(devicesTable)
        .set({ online: false, lastSeenAt: new Date(NOW.getTime() - 6 * HOUR) })
        .where(eq(devicesTable.id, deviceId));
      kiosks.push(deviceId);
    }
    const [a, b, c] = kiosks as [string, string, string];
    // A and C are quiet now by their NEWEST config (an older one said otherwise); B has no quiet hours.
    const quiet = { start: '10:00', end: '14:00' };
    for (const [id, older, newer] of [
      [a, null, quiet],
      [b, quiet, null],
      [c, null, quiet],
    ] as const) {
      await db().delete(deviceConfigsTable).where(eq(deviceConfigsTable.deviceId, id));
      await db()
        .insert(deviceConfigsTable)
        .values(
          [older, newer].map((q, i) => ({
            deviceId: id,
            version: i + 1,
            config: { quietHours: q } as unknown as DeviceConfig,
            commandId: randomUUID(),
          })),
        );
    }
    // C rang A on a poor line: both count that one call. B made two good calls to others.
    const call = async (callerId: string, calleeId: string, rttMs: number) => {
      const callId = randomUUID();
      const at = new Date(NOW.getTime() - HOUR);
      await db()
        .insert(callRecordsTable)
        .values({
          callId,
          municipalityId: home.id,
          callerKind: 'device',
          callerId,
          calleeKind: 'device',
          calleeId,
          ringAt: at,
          connectedAt: at,
          endAt: new Date(at.getTime() + 60_000),
          endReason: 'hung_up',
        });
      await db()
        .insert(callQualityReportsTable)
        .values({
          municipalityId: home.id,
          callId,
          side: 'caller',
          report: { rttMs, lossPercent: 0, bitrateKbps: 300, durationSeconds: 60, audioOnly: false },
          createdAt: at,
        });
    };
    await call(c, a, 900);
    await call(b, randomUUID(), 100);
    await call(b, randomUUID(), 100);

    const alerts = await currentAlerts(db(), home.id, NOW);
    const of = (kind: string) =>
      alerts
        .filter((x) => x.kind === kind && kiosks.includes(x.subject.id))
        .map((x) => ({ id: x.subject.id, ...x.figures }));
    expect(of('device_offline')).toEqual([{ id: b, hours: 6 }]);
    expect(of('poor_connection').sort((x, y) => x.id.localeCompare(y.id))).toEqual(
      [
        { id: a, rttMs: 900, lossPercent: 0, calls: 1 },
        { id: c, rttMs: 900, lossPercent: 0, calls: 1 },
      ].sort((x, y) => x.id.localeCompare(y.id)),
    );
  });
});
