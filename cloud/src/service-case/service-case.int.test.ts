import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../test/fixtures.js';
import { careWorld, connect } from '../../test/kits/calls.js';
import { as } from '../../test/kits/care.js';
import { connackCode, connectKiosk, kioskLentTo, supportApi, until } from '../../test/kits/devices.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { recordCall } from '../care/index.js';
import {
  auditLogTable,
  callQualityReportsTable,
  citizenEnrolmentsTable,
  devicesTable,
  unitMembershipsTable,
} from '../db/index.js';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ DEVICE_WIPE_ACK_SECONDS: '20' });
}, 120_000);
afterAll(() => t?.close());

describe('the citizen service case', () => {
  it('runs referred → assessed → assigned → installed → following up → ended; the end closes relations, disables the citizen and wipes the kiosk back to stock', async () => {
    const db = t.cloud.db.db;
    const w = await careWorld(t);
    const manager = await createStaff(t, w.municipalityId, 'unit_manager', { displayName: 'Leder' });
    await db.insert(unitMembershipsTable).values({ staffId: manager.id, unitId: w.team.id });
    const support = await createStaff(t, w.municipalityId, 'support', { displayName: 'Support' });
    const api = await supportApi(t, { id: support.id, municipalityId: w.municipalityId });
    const kioskCredential = await kioskLentTo(t, api, w.home.id, { label: 'SC-0001' });
    const boss = await as(t, { kind: 'staff', id: manager.id, municipalityId: w.municipalityId });

    // Minimum data: no CPR number in the one free-text field.
    expect(
      (await boss.post('/api/service-cases', { citizenId: w.home.id, referredBy: 'Visitator 010203-1234' }))
        .status,
    ).toBe(400);
    const referred = await boss.post('/api/service-cases', { citizenId: w.home.id, referredBy: 'Visitator' });
    expect(referred.status).toBe(201);
    expect(referred.json).toMatchObject({ stage: 'referred', allowed: ['assess', 'end'] });
    const id = referred.json.id as string;
    expect(
      (await boss.post('/api/service-cases', { citizenId: w.home.id, referredBy: 'Visitator' })).status,
    ).toBe(409);

    const step = (body: unknown) => boss.post(`/api/service-cases/${id}/events`, body);
    expect((await step({ type: 'install', deviceId: null })).status, 'no step out of order').toBe(409);
    expect(
      (await step({ type: 'assess', scenario: 'home_care', deviceChoice: 'loan_kiosk' })).json.case.stage,
    ).toBe('assessed');
    expect((await step({ type: 'assign', unitId: w.team.id })).json.case).toMatchObject({
      stage: 'assigned',
      unitName: w.team.name,
    });
    expect(
      (await step({ type: 'install', deviceId: null })).status,
      'a loan kiosk case needs its kiosk',
    ).toBe(400);
    const installed = await step({ type: 'install', deviceId: kioskCredential.deviceId });
    expect(installed.json.case).toMatchObject({ stage: 'installed', deviceLabel: 'SC-0001' });
    const installedAt = Date.parse(installed.json.case.installedAt);
    expect(Date.parse(installed.json.case.nextEvaluationAt) - installedAt).toBe(7 * 86_400_000);
    const evaluated = await step({ type: 'evaluate', used: true, helps: true, decision: 'continue' });
    expect(evaluated.json.case).toMatchObject({ stage: 'following_up', evaluationsDone: 1 });
    expect(Date.parse(evaluated.json.case.nextEvaluationAt) - installedAt).toBe(30 * 86_400_000);

    // Before the end: the nurse can call the citizen.
    const nurse = await connect(t, w.nurse);
    const home = await connect(t, w.home);
    nurse.send({ type: 'call.place', requestId: 'before', to: { kind: 'citizen', id: w.home.id } });
    await home.next('call.incoming');
    nurse.send({ type: 'call.hangup', callId: (await nurse.next('call.ringing')).callId });

    // The end: the kiosk is online and acknowledges its wipe.
    const kiosk = await connectKiosk(t, kioskCredential.deviceId, kioskCredential.mqttPassword);
    const ending = step({ type: 'end', reason: 'evaluation' });
    await until(async () => kiosk.commands.find((c) => c.type === 'wipe'), Boolean, 'the wipe command');
    await kiosk.ack(kiosk.commands.find((c) => c.type === 'wipe')!.id);
    const ended = await ending;
    expect(ended.status).toBe(200);
    expect(ended.json.case).toMatchObject({ stage: 'ended', allowed: [], overdue: [] });
    expect(ended.json.ended).toMatchObject({ relationsClosed: 1, deviceWipe: 'acknowledged' });

    // Relations closed, the kiosk wiped and back in stock, its credential refused, the citizen not callable.
    const open = await db
      .select()
      .from(citizenEnrolmentsTable)
      .where(and(eq(citizenEnrolmentsTable.citizenId, w.home.id)));
    expect(open.every((e) => e.endedAt !== null)).toBe(true);
    const [device] = await db
      .select()
      .from(devicesTable)
      .where(eq(devicesTable.id, kioskCredential.deviceId));
    expect(device).toMatchObject({ lifecycle: 'registered', citizenId: null });
    expect(await connackCode(t, kioskCredential.deviceId, kioskCredential.mqttPassword)).toBe(5);
    const nurseAgain = await connect(t, w.nurse);
    nurseAgain.send({ type: 'call.place', requestId: 'after', to: { kind: 'citizen', id: w.home.id } });
    expect((await nurseAgain.next('call.refused')).requestId).toBe('after');

    // The box physically back, once; then every step is in the case's history and the audit log.
    expect(
      (await boss.post(`/api/service-cases/${id}/device-collected`)).json.deviceReturnedAt,
    ).not.toBeNull();
    expect((await boss.post(`/api/service-cases/${id}/device-collected`)).status).toBe(409);
    const shown = await boss.get(`/api/service-cases/${id}`);
    expect(shown.json.events.map((e: { transition: string }) => e.transition)).toEqual([
      'refer',
      'assess',
      'assign',
      'install',
      'evaluate',
      'end',
      'device_collected',
    ]);
    const audit = await db
      .select({ action: auditLogTable.action, actorId: auditLogTable.actorId })
      .from(auditLogTable)
      .where(and(eq(auditLogTable.targetId, w.home.id), like(auditLogTable.action, 'service_case.%')));
    expect(audit.map((a) => a.action)).toContain('service_case.end_effects');
    expect(audit.every((a) => a.actorId === manager.id)).toBe(true);
    for (const c of [nurse, home, nurseAgain]) c.ws.close();
    await kiosk.client.endAsync(true).catch(() => undefined);
  }, 60_000);

  it('hides a case from a unit manager of another unit once it is assigned, with a 404 like a missing one', async () => {
    const w = await careWorld(t);
    const db = t.cloud.db.db;
    const mine = await createStaff(t, w.municipalityId, 'unit_manager');
    await db.insert(unitMembershipsTable).values({ staffId: mine.id, unitId: w.team.id });
    const other = await createStaff(t, w.municipalityId, 'unit_manager');
    await db.insert(unitMembershipsTable).values({ staffId: other.id, unitId: w.facility.id });
    const boss = await as(t, { kind: 'staff', id: mine.id, municipalityId: w.municipalityId });
    const stranger = await as(t, { kind: 'staff', id: other.id, municipalityId: w.municipalityId });
    const id = (await boss.post('/api/service-cases', { citizenId: w.home.id, referredBy: 'Hospital' })).json
      .id;
    await boss.post(`/api/service-cases/${id}/events`, {
      type: 'assess',
      scenario: 'home_care',
      deviceChoice: 'own_device',
    });
    expect(
      (await stranger.post(`/api/service-cases/${id}/events`, { type: 'assign', unitId: w.team.id })).status,
    ).toBe(403);
    await boss.post(`/api/service-cases/${id}/events`, { type: 'assign', unitId: w.team.id });
    expect((await stranger.get(`/api/service-cases/${id}`)).status).toBe(404);
    expect((await stranger.get('/api/service-cases')).json.cases).toEqual([]);
  });

  it("follows each municipality's own follow-up times, set by its system administrator and audited", async () => {
    const db = t.cloud.db.db;
    const [w, elsewhere] = [await careWorld(t), await careWorld(t)];
    const admin = await createStaff(t, w.municipalityId, 'system_admin');
    const settings = await as(t, { kind: 'staff', id: admin.id, municipalityId: w.municipalityId });
    const installCase = async (world: typeof w) => {
      const boss = await createStaff(t, world.municipalityId, 'support');
      const client = await as(t, { kind: 'staff', id: boss.id, municipalityId: world.municipalityId });
      const id = (
        await client.post('/api/service-cases', { citizenId: world.home.id, referredBy: 'Hospital' })
      ).json.id;
      const step = (body: unknown) => client.post(`/api/service-cases/${id}/events`, body);
      await step({ type: 'assess', scenario: 'home_care', deviceChoice: 'own_device' });
      await step({ type: 'assign', unitId: world.team.id });
      const c = (await step({ type: 'install', deviceId: null })).json.case;
      return {
        client,
        id,
        step,
        installedAt: Date.parse(c.installedAt),
        next: Date.parse(c.nextEvaluationAt),
      };
    };
    const here = await installCase(w);
    const there = await installCase(elsewhere);
    expect(here.next - here.installedAt).toBe(7 * 86_400_000);

    const shown = await settings.get('/api/settings');
    expect(shown.json.serviceCase).toEqual({
      evaluationDays: [7, 30],
      evaluateEveryDays: 182,
      collectWithinDays: 14,
    });
    expect((await settings.put('/api/settings', { serviceCase: { evaluationDays: [] } })).status).toBe(400);
    const saved = await settings.put('/api/settings', {
      serviceCase: { evaluationDays: [3, 14, 60], evaluateEveryDays: 90 },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.serviceCase).toEqual({
      evaluationDays: [3, 14, 60],
      evaluateEveryDays: 90,
      collectWithinDays: 14,
    });

    // The open case moves at once to the new first evaluation; the later ones follow the new table.
    const day = (c: { nextEvaluationAt: string }, installedAt: number) =>
      (Date.parse(c.nextEvaluationAt) - installedAt) / 86_400_000;
    expect(day((await here.client.get(`/api/service-cases/${here.id}`)).json.case, here.installedAt)).toBe(3);
    for (const want of [14, 60, 150]) {
      const evaluated = await here.step({ type: 'evaluate', used: true, helps: true, decision: 'continue' });
      expect(day(evaluated.json.case, here.installedAt)).toBe(want);
    }
    // Another municipality keeps its own (the defaults).
    expect(day((await there.client.get(`/api/service-cases/${there.id}`)).json.case, there.installedAt)).toBe(
      7,
    );
    // Only the system administrator changes them, and the change is audited with before and after.
    expect((await here.client.put('/api/settings', { serviceCase: { evaluateEveryDays: 60 } })).status).toBe(
      403,
    );
    const [audit] = await db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.actorId, admin.id), eq(auditLogTable.action, 'settings.changed')));
    expect(audit?.details).toMatchObject({
      changed: ['serviceCase'],
      before: { serviceCase: { evaluationDays: [7, 30], evaluateEveryDays: 182 } },
      after: { serviceCase: { evaluationDays: [3, 14, 60], evaluateEveryDays: 90 } },
    });
  });

  it('counts as the first successful call only a call where both sides had media', async () => {
    const db = t.cloud.db.db;
    const w = await careWorld(t);
    const boss = await createStaff(t, w.municipalityId, 'support');
    const client = await as(t, { kind: 'staff', id: boss.id, municipalityId: w.municipalityId });
    const id = (await client.post('/api/service-cases', { citizenId: w.home.id, referredBy: 'Hospital' }))
      .json.id;
    const step = (body: unknown) => client.post(`/api/service-cases/${id}/events`, body);
    await step({ type: 'assess', scenario: 'home_care', deviceChoice: 'own_device' });
    await step({ type: 'assign', unitId: w.team.id });
    const installedAt = Date.parse((await step({ type: 'install', deviceId: null })).json.case.installedAt);
    const call = async (minutes: number, received: boolean) => {
      const at = new Date(installedAt + minutes * 60_000);
      const callId = crypto.randomUUID();
      await recordCall(db, {
        callId,
        municipalityId: w.municipalityId,
        callerKind: 'staff',
        callerId: w.nurse.id,
        calleeKind: 'citizen',
        calleeId: w.home.id,
        ringAt: at,
        answerAt: at,
        connectedAt: at,
        endAt: new Date(at.getTime() + 60_000),
        endReason: 'hung_up',
      });
      await db.insert(callQualityReportsTable).values({
        municipalityId: w.municipalityId,
        callId,
        side: 'callee',
        report: { bitrateKbps: received ? 700 : 0, width: received ? 640 : null },
        createdAt: at,
      });
      return at.toISOString();
    };
    const first = async () => (await client.get(`/api/service-cases/${id}`)).json.case.firstConnectedCallAt;
    await call(1, false);
    expect(await first(), 'a call where the citizen received nothing').toBeNull();
    const good = await call(2, true);
    expect(await first()).toBe(good);
  });

  it('counts a connected call to the citizen’s loan kiosk as their first successful call', async () => {
    const db = t.cloud.db.db;
    const w = await careWorld(t);
    const support = await createStaff(t, w.municipalityId, 'support');
    const api = await supportApi(t, { id: support.id, municipalityId: w.municipalityId });
    const kiosk = await kioskLentTo(t, api, w.home.id, { label: 'SC-FIRST' });
    const client = await as(t, { kind: 'staff', id: support.id, municipalityId: w.municipalityId });
    const id = (await client.post('/api/service-cases', { citizenId: w.home.id, referredBy: 'Hospital' }))
      .json.id;
    const step = (body: unknown) => client.post(`/api/service-cases/${id}/events`, body);
    await step({ type: 'assess', scenario: 'home_care', deviceChoice: 'loan_kiosk' });
    await step({ type: 'assign', unitId: w.team.id });
    const installed = await step({ type: 'install', deviceId: kiosk.deviceId });
    expect(installed.status).toBe(200);
    expect(installed.json.case.firstConnectedCallAt).toBeNull();
    // A planned visit to a kiosk names the DEVICE as the callee, not the citizen.
    const at = new Date(Date.parse(installed.json.case.installedAt) + 60_000);
    await recordCall(db, {
      callId: crypto.randomUUID(),
      municipalityId: w.municipalityId,
      callerKind: 'staff',
      callerId: w.nurse.id,
      calleeKind: 'device',
      calleeId: kiosk.deviceId,
      ringAt: at,
      answerAt: at,
      connectedAt: at,
      endAt: new Date(at.getTime() + 60_000),
      endReason: 'hung_up',
    });
    expect((await client.get(`/api/service-cases/${id}`)).json.case.firstConnectedCallAt).toBe(
      at.toISOString(),
    );
  });
});
