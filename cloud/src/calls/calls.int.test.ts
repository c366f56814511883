import { deviceTopic, type ServerMessage } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTestDevice } from '../../test/devices.js';
import { careWorld, connect, until } from '../../test/kits/calls.js';
import { as, member } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { grantCallPermission, savePoolSettings } from '../care/index.js';
import {
  auditLogTable,
  callRecordsTable,
  citizenEnrolmentsTable,
  claimNightWatchCall,
  dayPlanSlotsTable,
  devicesTable,
  nightWatchCallsTable,
} from '../db/index.js';

const clock = new FakeClock(Date.now());
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ CALL_PERMISSION_RECHECK_SECONDS: '0' }, { clock });
});
afterAll(async () => {
  await t?.close();
});

const OFFER = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n';
const callIdOf = (m: ServerMessage) => (m as { callId: string }).callId;
const recordOf = async (callId: string) =>
  (await t.cloud.db.db.select().from(callRecordsTable).where(eq(callRecordsTable.callId, callId)))[0];

// First: enrolment codes expire on the cloud's clock, which later tests move forward.
describe('a kiosk over MQTT', () => {
  let kiosk: MqttClient | undefined;
  afterAll(async () => {
    await kiosk?.endAsync(true);
  });

  it('receives call.incoming on sig/down and connects the call with call.accept on sig/up', async () => {
    const w = await careWorld(t);
    const device = await enrolTestDevice(t, `CALLS-${Date.now()}`);
    await t.cloud.db.db
      .update(devicesTable)
      .set({ citizenId: w.home.id })
      .where(eq(devicesTable.id, device.deviceId));
    kiosk = await connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, {
      clientId: device.deviceId,
      username: device.deviceId,
      password: device.mqttPassword,
      reconnectPeriod: 0,
    });
    const down: ServerMessage[] = [];
    kiosk.on('message', (_topic, payload) => down.push(JSON.parse(String(payload)) as ServerMessage));
    await kiosk.subscribeAsync(deviceTopic(device.deviceId, 'sig/down'), { qos: 1 });
    const nurse = await connect(t, w.nurse);
    nurse.send({ type: 'call.place', requestId: 'k1', to: { kind: 'citizen', id: w.home.id } });
    await until(() => down.some((m) => m.type === 'call.incoming'), 'kiosk ringing');
    const callId = callIdOf(down.find((m) => m.type === 'call.incoming')!);
    await kiosk.publishAsync(
      deviceTopic(device.deviceId, 'sig/up'),
      JSON.stringify({ v: 1, type: 'call.accept', callId }),
      { qos: 1 },
    );
    expect(await nurse.next('call.accepted')).toMatchObject({
      callId,
      by: { kind: 'citizen', id: w.home.id },
    });
    nurse.send({ type: 'rtc.offer', callId, sdp: OFFER });
    await until(() => down.some((m) => m.type === 'rtc.offer'), 'offer on sig/down');
    nurse.send({ type: 'call.hangup', callId });
    await until(() => down.some((m) => m.type === 'call.ended'), 'ended on sig/down');
    nurse.ws.close();
  });

  // The CONNECT skips the citizen lookup when no call is live on the node (calls/kiosk.ts, issue 14); with one
  // ringing, a kiosk that comes online must still be rung into it.
  it('rings a kiosk that connects while a call to its citizen is already ringing on her page', async () => {
    const w = await careWorld(t);
    const device = await enrolTestDevice(t, `CALLS-LATE-${Date.now()}`);
    await t.cloud.db.db
      .update(devicesTable)
      .set({ citizenId: w.home.id })
      .where(eq(devicesTable.id, device.deviceId));
    const page = await connect(t, w.home);
    const nurse = await connect(t, w.nurse);
    nurse.send({ type: 'call.place', requestId: 'late1', to: { kind: 'citizen', id: w.home.id } });
    const callId = callIdOf(await page.next('call.incoming'));
    const late = await connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, {
      clientId: device.deviceId,
      username: device.deviceId,
      password: device.mqttPassword,
      reconnectPeriod: 0,
    });
    try {
      const down: ServerMessage[] = [];
      late.on('message', (_topic, payload) => down.push(JSON.parse(String(payload)) as ServerMessage));
      await late.subscribeAsync(deviceTopic(device.deviceId, 'sig/down'), { qos: 1 });
      await until(
        () => down.some((m) => m.type === 'call.incoming' && callIdOf(m) === callId),
        'late kiosk ringing',
      );
      nurse.send({ type: 'call.hangup', callId });
      await until(() => down.some((m) => m.type === 'call.ended'), 'ended on sig/down');
    } finally {
      await late.endAsync(true);
      nurse.ws.close();
      page.ws.close();
    }
  });
});

describe('calls between staff and citizens over WebSocket', () => {
  it('rings every tab of the citizen, the first accept wins, SDP/ICE flow only between the two, and hang-up ends it for good', async () => {
    const w = await careWorld(t);
    const [slot] = await t.cloud.db.db
      .insert(dayPlanSlotsTable)
      .values({
        municipalityId: w.municipalityId,
        citizenId: w.home.id,
        unitId: w.team.id,
        staffId: w.nurse.id,
        type: 'medicine',
        plannedAt: new Date(clock.now()),
        createdAt: new Date(clock.now()),
      })
      .returning();
    const nurse = await connect(t, w.nurse);
    const tab1 = await connect(t, w.home);
    const tab2 = await connect(t, w.home);
    const bystander = await connect(t, w.stranger);

    nurse.send({
      type: 'call.place',
      requestId: 'r1',
      to: { kind: 'citizen', id: w.home.id },
      slotId: slot!.id,
    });
    const ringing = await nurse.next('call.ringing');
    const incoming1 = await tab1.next('call.incoming');
    const incoming2 = await tab2.next('call.incoming');
    expect(incoming1).toMatchObject({
      callId: ringing.callId,
      displayName: 'Mette Hjemmepleje',
      from: { kind: 'staff', id: w.nurse.id },
    });
    expect(incoming2.callId).toBe(ringing.callId);

    tab1.send({ type: 'call.accept', callId: ringing.callId });
    expect(await nurse.next('call.accepted')).toMatchObject({ by: { kind: 'citizen', id: w.home.id } });
    expect(await tab2.next('call.ended')).toMatchObject({
      callId: ringing.callId,
      reason: 'taken_by_another',
    });
    // Pressed before "taken" reached that tab: it already knows, so it is told nothing more (answer.ts).
    tab2.send({ type: 'call.accept', callId: ringing.callId });

    nurse.send({ type: 'rtc.offer', callId: ringing.callId, sdp: OFFER });
    expect((await tab1.next('rtc.offer')).sdp).toBe(OFFER);
    tab1.send({ type: 'rtc.answer', callId: ringing.callId, sdp: OFFER });
    await nurse.next('rtc.answer');
    tab1.send({ type: 'rtc.ice', callId: ringing.callId, candidate: null });
    await nurse.next('rtc.ice');
    bystander.send({ type: 'rtc.ice', callId: ringing.callId, candidate: null });
    await bystander.next('error', (m) => m.code === 'unknown_call');
    tab2.send({ type: 'rtc.offer', callId: ringing.callId, sdp: OFFER });
    await tab2.next('error', (m) => m.code === 'unknown_call');
    expect(tab2.has('rtc.offer')).toBe(false);
    expect(bystander.has('rtc.ice')).toBe(false);
    expect(t.cloud.calls.liveCalls()).toContainEqual({ callId: ringing.callId, state: 'in_call' });

    clock.advance(3_000);
    tab1.send({ type: 'call.hangup', callId: ringing.callId });
    expect(await nurse.next('call.ended')).toMatchObject({ reason: 'hung_up' });
    expect(await tab1.next('call.ended')).toMatchObject({ reason: 'hung_up' });
    nurse.send({ type: 'rtc.offer', callId: ringing.callId, sdp: OFFER });
    await nurse.next('error', (m) => m.code === 'unknown_call');
    expect(tab1.messages.filter((m) => m.type === 'rtc.offer')).toHaveLength(1);

    await until(async () => (await recordOf(ringing.callId)) !== undefined, 'call record');
    const record = (await recordOf(ringing.callId))!;
    expect(record).toMatchObject({
      callerKind: 'staff',
      callerId: w.nurse.id,
      calleeKind: 'citizen',
      calleeId: w.home.id,
      slotId: slot!.id,
      endReason: 'hung_up',
    });
    expect(record.answerAt!.getTime() - record.ringAt.getTime()).toBeGreaterThanOrEqual(0);
    expect(record.endAt!.getTime() - record.answerAt!.getTime()).toBe(3_000);
    for (const c of [nurse, tab1, tab2, bystander]) c.ws.close();
  });

  // Auto-answer is the citizen's policy, set on their page in the support console (PUT /api/citizens/{id}/auto-answer),
  // never the kiosk's DeviceConfig.autoAnswer: what support saves is the countdown the next call carries.
  it('rings with the countdown support set for the citizen, and without one once support turns it off', async () => {
    const w = await careWorld(t);
    const support = await as(t, (await member(t, w.municipalityId, 'support', [])).subject);
    const policy = `/api/citizens/${w.home.id}/auto-answer`;
    expect(
      (await support.put(policy, { enabled: true, countdownSeconds: 15, quietHours: null })).status,
    ).toBe(200);
    const nurse = await connect(t, w.nurse);
    const page = await connect(t, w.home);
    nurse.send({ type: 'call.place', requestId: 'aa1', to: { kind: 'citizen', id: w.home.id } });
    const first = await page.next('call.incoming');
    expect(first).toMatchObject({ autoAnswerAfterMs: 15_000 });
    nurse.send({ type: 'call.hangup', callId: callIdOf(first) });
    await page.next('call.ended', (m) => m.callId === callIdOf(first));

    expect(
      (await support.put(policy, { enabled: false, countdownSeconds: 15, quietHours: null })).status,
    ).toBe(200);
    nurse.send({ type: 'call.place', requestId: 'aa2', to: { kind: 'citizen', id: w.home.id } });
    const second = await page.next('call.incoming', (m) => m.callId !== callIdOf(first));
    expect(second).not.toHaveProperty('autoAnswerAfterMs');
    nurse.send({ type: 'call.hangup', callId: callIdOf(second) });
    await page.next('call.ended', (m) => m.callId === callIdOf(second));
    nurse.ws.close();
    page.ws.close();
  });

  it('refuses a call with no relation and one outside its time window, with the reason, and audits both', async () => {
    const w = await careWorld(t);
    const stranger = await connect(t, w.stranger);
    const nurse = await connect(t, w.nurse);
    const home = await connect(t, w.home);
    stranger.send({ type: 'call.place', requestId: 'r-no', to: { kind: 'citizen', id: w.home.id } });
    const refused = await stranger.next('call.refused');
    expect(refused).toMatchObject({ requestId: 'r-no', code: 'not_permitted' });
    expect(refused.message).toMatch(/ikke/);

    const today = DateTime.fromMillis(clock.now(), { zone: 'Europe/Copenhagen' }).weekday;
    await grantCallPermission(t.cloud.db.db, {
      municipalityId: w.municipalityId,
      enrolmentId: w.homeEnrolment.id,
      direction: 'staff_to_citizen',
      windows: [{ days: [1, 2, 3, 4, 5, 6, 7].filter((d) => d !== today), from: '00:00', to: '24:00' }],
      at: new Date(clock.now() - 1_000),
    });
    nurse.send({ type: 'call.place', requestId: 'r-late', to: { kind: 'citizen', id: w.home.id } });
    // Every day but today, all day: the window opens again at the next local midnight, and the refusal says so.
    const tomorrow = DateTime.fromMillis(clock.now(), { zone: 'Europe/Copenhagen' })
      .startOf('day')
      .plus({ days: 1 });
    expect(await nurse.next('call.refused')).toMatchObject({
      code: 'outside_time_window',
      nextAllowedAt: tomorrow.toUTC().toISO(),
    });
    expect(home.has('call.incoming')).toBe(false);

    const audits = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(
        and(eq(auditLogTable.action, 'call.refused'), eq(auditLogTable.municipalityId, w.municipalityId)),
      );
    expect(audits.map((a) => [a.actorId, (a.details as { reason: string }).reason]).sort()).toEqual(
      [
        [w.nurse.id, 'outside_time_window'],
        [w.stranger.id, 'not_permitted'],
      ].sort(),
    );
    expect(audits.every((a) => a.targetId === w.home.id)).toBe(true);
    for (const c of [stranger, nurse, home]) c.ws.close();
  });

  it('ends an unanswered call no_answer after the ring timeout, and refuses a callee who is offline', async () => {
    const w = await careWorld(t);
    const nurse = await connect(t, w.nurse);
    nurse.send({ type: 'call.place', requestId: 'off', to: { kind: 'citizen', id: w.home.id } });
    expect(await nurse.next('call.refused')).toMatchObject({ code: 'callee_offline' });
    const home = await connect(t, w.home);
    nurse.send({ type: 'call.place', requestId: 'r2', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await home.next('call.incoming');
    clock.advance(44_000);
    expect(home.has('call.ended')).toBe(false);
    clock.advance(1_000);
    expect(await home.next('call.ended')).toMatchObject({ callId, reason: 'no_answer' });
    expect(await nurse.next('call.ended')).toMatchObject({ callId, reason: 'no_answer' });
    nurse.ws.close();
    home.ws.close();
  });

  it('resumes a dropped WebSocket into the same call with its resume token, and ends failed when nobody comes back', async () => {
    const w = await careWorld(t);
    const nurse = await connect(t, w.nurse);
    const home = await connect(t, w.home);
    nurse.send({ type: 'call.place', requestId: 'r3', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await home.next('call.incoming');
    home.send({ type: 'call.accept', callId });
    await nurse.next('call.accepted');
    home.ws.terminate();
    await until(
      () => t.cloud.calls.liveCalls().some((c) => c.callId === callId && c.state === 'reconnecting'),
      'reconnecting',
    );
    clock.advance(10_000);
    const again = await connect(t, w.home, home.resumeToken);
    expect(await again.next('call.accepted')).toMatchObject({ callId });
    await until(
      () => nurse.messages.filter((m) => m.type === 'call.accepted').length === 2,
      'accepted again',
    );
    nurse.send({ type: 'rtc.offer', callId, sdp: OFFER, iceRestart: true });
    expect(await again.next('rtc.offer')).toMatchObject({ callId, iceRestart: true });

    // A stranger with the token is not the same person: nothing resumes.
    const other = await connect(t, w.stranger, again.resumeToken);
    again.ws.terminate();
    await until(
      () => t.cloud.calls.liveCalls().some((c) => c.callId === callId && c.state === 'reconnecting'),
      'reconnecting',
    );
    expect(other.has('call.accepted')).toBe(false);
    clock.advance(20_000);
    expect(await nurse.next('call.ended')).toMatchObject({ callId, reason: 'failed' });
    nurse.ws.close();
    other.ws.close();
  });

  it('ends a call with permission_revoked when the callee is disabled or the relation closes mid-call', async () => {
    const w = await careWorld(t);
    const nurse = await connect(t, w.nurse);
    const home = await connect(t, w.home);
    const place = async (requestId: string) => {
      nurse.send({ type: 'call.place', requestId, to: { kind: 'citizen', id: w.home.id } });
      const { callId } = await nurse.next('call.ringing', (m) => m.requestId === requestId);
      home.send({ type: 'call.accept', callId });
      await nurse.next('call.accepted', (m) => m.callId === callId);
      return callId;
    };
    const first = await place('r4');
    await t.cloud.db.db
      .update(citizenEnrolmentsTable)
      .set({ endedAt: new Date(clock.now()) })
      .where(eq(citizenEnrolmentsTable.id, w.homeEnrolment.id));
    expect(await t.cloud.calls.recheckPermissions()).toBe(1);
    expect(await nurse.next('call.ended', (m) => m.callId === first)).toMatchObject({
      reason: 'permission_revoked',
    });
    nurse.ws.close();
    home.ws.close();

    const v = await careWorld(t);
    const nurse2 = await connect(t, v.nurse);
    const home2 = await connect(t, v.home);
    nurse2.send({ type: 'call.place', requestId: 'r5', to: { kind: 'citizen', id: v.home.id } });
    const { callId } = await home2.next('call.incoming');
    home2.send({ type: 'call.accept', callId });
    await nurse2.next('call.accepted');
    await t.cloud.records.deactivator.disableCitizen(
      v.municipalityId,
      v.home.id,
      { kind: 'system', id: null, ip: null },
      'support',
    );
    expect(await nurse2.next('call.ended')).toMatchObject({ callId, reason: 'permission_revoked' });
    await until(async () => (await recordOf(callId))?.endReason === 'permission_revoked', 'record');
    nurse2.ws.close();
  });
});

describe('night-watch calls', () => {
  it('rings both on-duty consoles; one accepts, the other is told who took it', async () => {
    const w = await careWorld(t);
    const a = await connect(t, w.watchA);
    const b = await connect(t, w.watchB);
    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'nw1', to: { kind: 'pool', id: w.pool.id } });
    const ringing = await resident.next('call.ringing');
    expect(await a.next('call.incoming')).toMatchObject({
      callId: ringing.callId,
      // The place, not the name (the ring may reach a locked console; issue 10 §1).
      displayName: 'facility',
    });
    await b.next('call.incoming');
    a.send({ type: 'call.accept', callId: ringing.callId });
    expect(await resident.next('call.accepted')).toMatchObject({ by: { kind: 'staff', id: w.watchA.id } });
    expect(await b.next('call.taken')).toMatchObject({
      callId: ringing.callId,
      byDisplayName: 'Jonas Nattevagt',
    });
    expect(await b.next('call.ended')).toMatchObject({ reason: 'taken_by_another' });
    resident.send({ type: 'call.hangup', callId: ringing.callId });
    await a.next('call.ended');
    await until(async () => (await recordOf(ringing.callId))?.answeredByStaffId === w.watchA.id, 'record');
    for (const c of [a, b, resident]) c.ws.close();
  });

  it('lets exactly one of two accepts sent in the same millisecond win', async () => {
    const w = await careWorld(t);
    const a = await connect(t, w.watchA);
    const b = await connect(t, w.watchB);
    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'nw2', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await a.next('call.incoming');
    await b.next('call.incoming');
    a.send({ type: 'call.accept', callId });
    b.send({ type: 'call.accept', callId });
    await resident.next('call.accepted');
    await until(() => a.has('call.taken') || b.has('call.taken'), 'a loser');
    const winners = [a, b].filter((c) => c.messages.some((m) => m.type === 'call.accepted'));
    const losers = [a, b].filter((c) => c.has('call.taken'));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(winners[0]).not.toBe(losers[0]);
    const [row] = await t.cloud.db.db
      .select()
      .from(nightWatchCallsTable)
      .where(eq(nightWatchCallsTable.id, callId));
    const by = resident.messages.find((m) => m.type === 'call.accepted') as { by: { id: string } };
    expect(row!.acceptedBy).toBe(by.by.id);
    for (const c of [a, b, resident]) c.ws.close();
  });

  it('lets a console lose to an accept another cloud node already claimed in the database', async () => {
    const w = await careWorld(t);
    const a = await connect(t, w.watchA);
    const b = await connect(t, w.watchB);
    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'nw4', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await a.next('call.incoming');
    // Another node's console (watchB) won the conditional UPDATE first.
    expect(await claimNightWatchCall(t.cloud.db.db, { callId, staffId: w.watchB.id, at: new Date() })).toBe(
      true,
    );
    a.send({ type: 'call.accept', callId });
    expect(await a.next('call.taken')).toMatchObject({ callId, byDisplayName: 'Ida Nattevagt' });
    expect(await a.next('call.ended')).toMatchObject({ reason: 'taken_by_another' });
    expect(resident.has('call.accepted')).toBe(false);
    for (const c of [a, b, resident]) c.ws.close();
  });

  it('tells the resident the switchboard number when nobody is on duty', async () => {
    const w = await careWorld(t);
    // Both are on duty, but neither has a console open: nobody can be rung.
    await savePoolSettings(t.cloud.db.db, w.pool.id, { fallbackPhone: '+45 33 66 33 66' }, new Date());
    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'nw3', to: { kind: 'pool', id: w.pool.id } });
    const refused = await resident.next('call.refused');
    expect(refused).toMatchObject({ requestId: 'nw3', code: 'nobody_on_duty' });
    expect(refused.message).toContain('+45 33 66 33 66');
    expect(resident.has('call.ringing')).toBe(false);
    resident.ws.close();
  });
});
