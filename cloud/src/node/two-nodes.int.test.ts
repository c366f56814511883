import { deviceTopic, type ServerMessage } from '@screenvisit/protocol';
import { and, eq } from 'drizzle-orm';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolTestDevice } from '../../test/devices.js';
import { createCitizen } from '../../test/fixtures.js';
import { careWorld, connect, until } from '../../test/kits/calls.js';
import { openTestNode } from '../../test/kits/cluster.js';
import { createTestDatabase, testDatabaseKind } from '../../test/postgres-database.js';
import { hasRedis, TEST_REDIS_URL, testPrefix } from '../../test/redis.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { CLOSE_ACCESS_ENDED } from '../accounts/deactivator.js';
import { grantCallPermission } from '../care/index.js';
import {
  auditLogTable,
  callRecordsTable,
  citizenEnrolmentsTable,
  devicesTable,
  nightWatchCallsTable,
} from '../db/index.js';
import { POOL_UNREACHABLE } from '../kernel/ports.js';
import { CLOSE_SESSION_ENDED } from '../realtime/ws/sockets.js';

/**
 * Two cloud nodes in one process (issue 14 §2): the same PostgreSQL database (one of this file's own) and the
 * same Redis (a key prefix of this file's own), each with its own HTTP, WebSocket and MQTT ports. Clients are
 * real WebSockets and a real MQTT kiosk; every client talks to ONE node, as it would behind HAProxy.
 */
const run = (await hasRedis()) && (await testDatabaseKind()) === 'postgres';

const OFFER = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n';
let a: TestCloud;
let b: TestCloud;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
const redisKeys = testPrefix();

beforeAll(async () => {
  if (!run) return;
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, CALL_PERMISSION_RECHECK_SECONDS: '0' };
  const node = (nodeId: string) =>
    startTestCloud(env, { redis: { url: TEST_REDIS_URL, prefix: redisKeys.prefix, nodeId, ttlMs: 1_500 } });
  a = await node('node-a');
  b = await node('node-b');
});
afterAll(async () => {
  await b?.close();
  await a?.close();
  await database?.drop();
  if (run) await redisKeys.cleanUp();
});

async function kioskOn(t: TestCloud, citizenId: string) {
  const device = await enrolTestDevice(t, `TWO-${Date.now()}-${Math.random()}`);
  await t.cloud.db.db.update(devicesTable).set({ citizenId }).where(eq(devicesTable.id, device.deviceId));
  const client: MqttClient = await connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, {
    clientId: device.deviceId,
    username: device.deviceId,
    password: device.mqttPassword,
    reconnectPeriod: 0,
  });
  const down: ServerMessage[] = [];
  client.on('message', (_topic, payload) => down.push(JSON.parse(String(payload)) as ServerMessage));
  await client.subscribeAsync(deviceTopic(device.deviceId, 'sig/down'), { qos: 1 });
  const up = (message: Record<string, unknown>) =>
    client.publishAsync(deviceTopic(device.deviceId, 'sig/up'), JSON.stringify({ v: 1, ...message }), {
      qos: 1,
    });
  const next = async <T extends ServerMessage['type']>(type: T) => {
    await until(() => down.some((m) => m.type === type), `${type} on the kiosk`);
    return down.find((m) => m.type === type) as Extract<ServerMessage, { type: T }>;
  };
  return { deviceId: device.deviceId, client, down, up, next };
}

describe.runIf(run)('two cloud nodes sharing Redis and PostgreSQL', () => {
  it('connects a staff member on node A with a citizen whose kiosk is on node B, relays signalling both ways and records the call once', async () => {
    const w = await careWorld(a);
    const kiosk = await kioskOn(b, w.home.id);
    // Node A learns of the kiosk on B through the shared registry.
    await until(() => a.cloud.calls.citizenReachable(w.home.id), 'kiosk on B seen from A');
    const nurse = await connect(a, w.nurse);

    nurse.send({ type: 'call.place', requestId: 'x1', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await nurse.next('call.ringing');
    expect(await kiosk.next('call.incoming')).toMatchObject({
      callId,
      from: { kind: 'staff', id: w.nurse.id },
    });

    await kiosk.up({ type: 'call.accept', callId });
    expect(await nurse.next('call.accepted')).toMatchObject({
      callId,
      by: { kind: 'citizen', id: w.home.id },
    });
    // The kiosk's node sends its rtc.config just before call.accepted, in that order.
    await kiosk.next('call.accepted');
    const types = kiosk.down.map((m) => m.type);
    expect(types.indexOf('rtc.config')).toBeLessThan(types.indexOf('call.accepted'));

    nurse.send({ type: 'rtc.offer', callId, sdp: OFFER });
    expect(await kiosk.next('rtc.offer')).toMatchObject({ callId, sdp: OFFER });
    await kiosk.up({ type: 'rtc.answer', callId, sdp: OFFER });
    expect(await nurse.next('rtc.answer')).toMatchObject({ callId, sdp: OFFER });
    await kiosk.up({
      type: 'rtc.ice',
      callId,
      candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' },
    });
    await nurse.next('rtc.ice');
    // The call is busy on both nodes: A holds it, B sees its summary.
    await until(() => b.cloud.calls.liveCalls().length === 0, 'B holds no call of its own');
    expect(a.cloud.calls.liveCalls()).toEqual([{ callId, state: 'in_call' }]);

    nurse.send({ type: 'call.hangup', callId });
    expect(await kiosk.next('call.ended')).toMatchObject({ callId, reason: 'hung_up' });
    await until(
      async () =>
        (await a.cloud.db.db.select().from(callRecordsTable).where(eq(callRecordsTable.callId, callId)))
          .length === 1,
      'the call record',
    );
    const records = await a.cloud.db.db
      .select()
      .from(callRecordsTable)
      .where(eq(callRecordsTable.callId, callId));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ endReason: 'hung_up', callerId: w.nurse.id, calleeId: w.home.id });
    expect(records[0]!.connectedAt).not.toBeNull();
    nurse.ws.close();
    await kiosk.client.endAsync(true);
  });

  it('rings the night-watch consoles on both nodes; of two accepts exactly one wins and the other hears who took it', async () => {
    const w = await careWorld(a);
    const onA = await connect(a, w.watchA);
    const onB = await connect(b, w.watchB);
    await until(
      () => b.cloud.calls.reachable(w.watchA.id) && a.cloud.calls.reachable(w.watchB.id),
      'consoles',
    );
    // The resident's call is homed on B; the console on A accepts through B.
    const resident = await connect(b, w.resident);
    resident.send({ type: 'call.place', requestId: 'nw1', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await resident.next('call.ringing');
    await onA.next('call.incoming', (m) => m.callId === callId);
    await onB.next('call.incoming', (m) => m.callId === callId);

    onA.send({ type: 'call.accept', callId });
    onB.send({ type: 'call.accept', callId });
    const accepted = await resident.next('call.accepted');
    const [winner, loser] = accepted.by.id === w.watchA.id ? [onA, onB] : [onB, onA];
    expect(await winner.next('call.accepted')).toMatchObject({ callId });
    expect(await loser.next('call.taken')).toMatchObject({ callId });
    expect(await loser.next('call.ended')).toMatchObject({ callId, reason: 'taken_by_another' });
    expect(loser.has('call.accepted')).toBe(false);
    // The accept from node A went to the call's home on B: nobody was told "unknown call".
    expect([...onA.messages, ...onB.messages].filter((m) => m.type === 'error')).toEqual([]);
    const [row] = await a.cloud.db.db
      .select()
      .from(nightWatchCallsTable)
      .where(eq(nightWatchCallsTable.id, callId));
    expect(row?.acceptedBy).toBe(accepted.by.id);

    resident.send({ type: 'call.hangup', callId });
    await winner.next('call.ended', (m) => m.callId === callId);
    for (const c of [onA, onB, resident]) c.ws.close();
  });

  it('lets a console on node A take a night-watch call homed on node B; the console on B hears who took it', async () => {
    const w = await careWorld(a);
    const onA = await connect(a, w.watchA);
    const onB = await connect(b, w.watchB);
    await until(() => b.cloud.calls.reachable(w.watchA.id), 'console on A seen from B');
    const resident = await connect(b, w.resident);
    resident.send({ type: 'call.place', requestId: 'nw3', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await resident.next('call.ringing');
    await onA.next('call.incoming', (m) => m.callId === callId);
    await onB.next('call.incoming', (m) => m.callId === callId);

    onA.send({ type: 'call.accept', callId });
    expect(await resident.next('call.accepted')).toMatchObject({ by: { kind: 'staff', id: w.watchA.id } });
    expect(await onB.next('call.taken')).toMatchObject({ callId, byDisplayName: 'Jonas Nattevagt' });
    // Signalling between the console on A and the resident on B goes both ways through B.
    onA.send({ type: 'rtc.offer', callId, sdp: OFFER });
    expect(await resident.next('rtc.offer')).toMatchObject({ callId });
    resident.send({ type: 'rtc.answer', callId, sdp: OFFER });
    expect(await onA.next('rtc.answer')).toMatchObject({ callId });
    expect(b.cloud.calls.liveCalls()).toEqual([{ callId, state: 'in_call' }]);
    onA.send({ type: 'call.hangup', callId });
    expect(await resident.next('call.ended')).toMatchObject({ callId, reason: 'hung_up' });
    for (const c of [onA, onB, resident]) c.ws.close();
  });

  it('does not ring a member on node A for a new call while they answer a call homed on node B', async () => {
    const w = await careWorld(a);
    const db = a.cloud.db.db;
    const second = await createCitizen(a, w.municipalityId, { displayName: 'Poul Beboer' });
    const [enrolment] = await db
      .insert(citizenEnrolmentsTable)
      .values({ citizenId: second.id, unitId: w.facility.id, startedAt: new Date(Date.now() - 86_400_000) })
      .returning();
    await grantCallPermission(db, {
      municipalityId: w.municipalityId,
      enrolmentId: enrolment!.id,
      direction: 'citizen_to_night_watch',
      windows: null,
      at: new Date(Date.now() - 60_000),
    });
    const onA = await connect(a, w.watchA);
    const onB = await connect(b, w.watchB);
    await until(
      () => b.cloud.calls.reachable(w.watchA.id) && a.cloud.calls.reachable(w.watchB.id),
      'consoles',
    );
    const first = await connect(b, w.resident);
    first.send({ type: 'call.place', requestId: 'busy1', to: { kind: 'pool', id: w.pool.id } });
    const { callId: busyCall } = await first.next('call.ringing');
    await onA.next('call.incoming', (m) => m.callId === busyCall);
    onA.send({ type: 'call.accept', callId: busyCall });
    await first.next('call.accepted');

    // A's pool router learns of a first call on A only now: watchA is busy on B, so only watchB rings.
    const waiting = await connect(a, { kind: 'citizen', id: second.id, municipalityId: w.municipalityId });
    waiting.send({ type: 'call.place', requestId: 'busy2', to: { kind: 'pool', id: w.pool.id } });
    const { callId: secondCall } = await waiting.next('call.ringing');
    await onB.next('call.incoming', (m) => m.callId === secondCall);
    await new Promise((r) => setTimeout(r, 300));
    expect(onA.messages.filter((m) => m.type === 'call.incoming').map((m) => m.callId)).toEqual([busyCall]);

    // Once that call ends, watchA is free on A again and rings for the call still waiting there.
    onA.send({ type: 'call.hangup', callId: busyCall });
    expect(await onA.next('call.incoming', (m) => m.callId === secondCall)).toMatchObject({
      callId: secondCall,
    });
    waiting.send({ type: 'call.hangup', callId: secondCall });
    for (const c of [onA, onB, first, waiting]) c.ws.close();
  });

  it('resumes a call on node A when the citizen’s page comes back on node B with its resume token', async () => {
    const w = await careWorld(a);
    const nurse = await connect(a, w.nurse);
    const home = await connect(a, w.home);
    nurse.send({ type: 'call.place', requestId: 'res1', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await home.next('call.incoming');
    home.send({ type: 'call.accept', callId });
    await nurse.next('call.accepted');
    nurse.send({ type: 'rtc.offer', callId, sdp: OFFER });
    await home.next('rtc.offer');
    home.send({ type: 'rtc.answer', callId, sdp: OFFER });
    await nurse.next('rtc.answer');

    // The page lost its link and reconnects, as behind HAProxy, to the other node with the old token.
    home.ws.close();
    await until(() => a.cloud.calls.liveCalls()[0]?.state === 'reconnecting', 'reconnecting on A');
    const back = await connect(b, w.home, home.resumeToken);
    expect(await back.next('call.accepted')).toMatchObject({ callId });
    expect(
      await nurse.next(
        'call.accepted',
        () => nurse.messages.filter((m) => m.type === 'call.accepted').length === 2,
      ),
    ).toMatchObject({ callId });
    // The call stays homed on A; the page's messages reach it from B.
    back.send({ type: 'rtc.answer', callId, sdp: OFFER });
    await until(() => nurse.messages.filter((m) => m.type === 'rtc.answer').length === 2, 'answer via B');
    nurse.send({ type: 'call.hangup', callId });
    expect(await back.next('call.ended')).toMatchObject({ callId, reason: 'hung_up' });
    for (const c of [nurse, back]) c.ws.close();
  });

  it('cuts a disabled citizen’s socket on node A when support disables them on node B, and ends their call', async () => {
    const w = await careWorld(a);
    const home = await connect(a, w.home);
    const nurse = await connect(b, w.nurse);
    await until(() => b.cloud.calls.citizenReachable(w.home.id), 'citizen on A seen from B');
    nurse.send({ type: 'call.place', requestId: 'cut1', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await home.next('call.incoming');
    home.send({ type: 'call.accept', callId });
    await nurse.next('call.accepted');
    const closed = new Promise<number>((resolve) => home.ws.once('close', (code) => resolve(code)));
    await b.cloud.records.deactivator.disableCitizen(
      w.municipalityId,
      w.home.id,
      { kind: 'system', id: null, ip: null },
      'support',
    );
    expect(await nurse.next('call.ended')).toMatchObject({ callId, reason: 'permission_revoked' });
    expect(await closed).toBe(CLOSE_ACCESS_ENDED);
    await until(() => !a.cloud.calls.liveCalls().length && !b.cloud.calls.liveCalls().length, 'no calls');
    nurse.ws.close();
  });

  it('closes a session’s socket on node B at once when it logs out on node A', async () => {
    const w = await careWorld(a);
    const onB = await connect(b, w.nurse);
    const closed = new Promise<number>((resolve) => onB.ws.once('close', (code) => resolve(code)));
    const logout = await fetch(`${a.base}/api/auth/logout`, { method: 'POST', headers: onB.session.headers });
    expect(logout.status).toBe(204);
    // Well before B's own session check (WS_SESSION_CHECK_SECONDS, 30 s) would notice.
    const soon = new Promise<string>((resolve) => setTimeout(() => resolve('still open after 3 s'), 3_000));
    expect(await Promise.race([closed, soon])).toBe(CLOSE_SESSION_ENDED);
  });

  it('raises “on duty but nobody reachable” once for the pool, though both nodes route it and see the consoles go', async () => {
    const w = await careWorld(a);
    const onA = await connect(a, w.watchA);
    const onB = await connect(b, w.watchB);
    await until(
      () => a.cloud.calls.reachable(w.watchB.id) && b.cloud.calls.reachable(w.watchA.id),
      'consoles',
    );
    // Both nodes route the pool from now on (a duty change reaches every node).
    await a.cloud.calls.dutyChanged(w.pool.id);
    await new Promise((r) => setTimeout(r, 200));
    onA.ws.close();
    onB.ws.close();
    const entries = async () =>
      a.cloud.db.db
        .select()
        .from(auditLogTable)
        .where(and(eq(auditLogTable.action, POOL_UNREACHABLE), eq(auditLogTable.targetId, w.pool.id)));
    await until(async () => (await entries()).length > 0, 'the unreachable audit entry');
    await new Promise((r) => setTimeout(r, 500));
    expect(await entries()).toHaveLength(1);
  });

  it('a console closed on node B makes its member unreachable for routing on node A at once', async () => {
    const w = await careWorld(a);
    const onB = await connect(b, w.watchB);
    await until(() => a.cloud.calls.reachable(w.watchB.id), 'B console seen from A');
    expect(a.cloud.calls.reachable(w.watchA.id)).toBe(false);
    const resident = await connect(a, w.resident);
    resident.send({ type: 'call.place', requestId: 'nw2', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await resident.next('call.ringing');
    await onB.next('call.incoming', (m) => m.callId === callId);

    onB.ws.close();
    await until(() => !a.cloud.calls.reachable(w.watchB.id), 'B console gone on A');
    // Nobody reachable is left: the call on A escalates instead of ringing a closed console.
    expect(await resident.next('call.refused')).toMatchObject({ code: 'nobody_on_duty' });
    resident.ws.close();
  });

  it('a node that dies without a word takes its consoles with it: the ringing call on node A escalates', async () => {
    const w = await careWorld(a);
    // A third node holding watchB's only console (its Redis side only), then killed like kill -9.
    const doomed = await openTestNode(redisKeys.prefix, 'node-doomed', 1_500);
    doomed.registry.add('console-on-doomed', { kind: 'staff', id: w.watchB.id });
    await until(() => a.cloud.calls.reachable(w.watchB.id), 'console on the third node seen from A');
    const resident = await connect(a, w.resident);
    resident.send({ type: 'call.place', requestId: 'dead1', to: { kind: 'pool', id: w.pool.id } });
    await resident.next('call.ringing');
    doomed.kill();
    // Its key lapses after 1.5 s, checked every 0.5 s; then nobody reachable is left for the call.
    await until(() => !a.cloud.calls.reachable(w.watchB.id), 'the dead node’s console dropped', 10_000);
    expect(await resident.next('call.refused')).toMatchObject({ code: 'nobody_on_duty' });
    resident.ws.close();
  });
});
