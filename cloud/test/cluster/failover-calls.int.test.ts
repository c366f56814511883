import { deviceTopic, type ServerMessage } from '@screenvisit/protocol';
import { eq } from 'drizzle-orm';
import { connect as mqttConnect } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantCallPermission } from '../../src/care/index.js';
import { callRecordsTable, citizenEnrolmentsTable, devicesTable } from '../../src/db/index.js';
import { createCitizen } from '../fixtures.js';
import { type Client, careWorld, connect, until } from '../kits/calls.js';
import type { TestCloud } from '../test-cloud.js';
import { enrolFleet } from './fleet.js';
import {
  clusterPartsAvailable,
  keepNodeLogsOnFailure,
  kioskOnB,
  startTwoNodes,
  type TwoNodes,
} from './two-nodes.js';

/**
 * Calls when a node dies (issue 14 §4), with two REAL cloud processes behind HAProxy (./two-nodes.ts): node B
 * holds three calls and is killed with SIGKILL. Node A notices when B's liveness key lapses
 * (CLUSTER_NODE_TTL_SECONDS, 3 s here) and adopts B's calls (calls/handover.ts).
 */
const usable = await clusterPartsAvailable();
const OFFER = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n';
const TTL_S = 3;

/** A kiosk on MQTT through HAProxy that reconnects by itself (MQTT.js every 0.5 s) and keeps its session. */
function kiosk(deviceId: string, password: string, url: string) {
  const down: ServerMessage[] = [];
  const client = mqttConnect(url, {
    clientId: deviceId,
    username: deviceId,
    password,
    clean: false,
    reconnectPeriod: 500,
    connectTimeout: 3_000,
  });
  client.on('connect', () => void client.subscribeAsync(deviceTopic(deviceId, 'sig/down'), { qos: 1 }));
  client.on('error', () => undefined);
  client.on('message', (_topic, payload) => down.push(JSON.parse(String(payload)) as ServerMessage));
  const all = <T extends ServerMessage['type']>(type: T, callId: string) =>
    down.filter(
      (m): m is Extract<ServerMessage, { type: T }> =>
        m.type === type && (m as { callId?: string }).callId === callId,
    );
  return {
    deviceId,
    down,
    all,
    connected: () => client.connected,
    up: (message: Record<string, unknown>) =>
      client.publishAsync(deviceTopic(deviceId, 'sig/up'), JSON.stringify({ v: 1, ...message }), { qos: 1 }),
    stop: () => client.endAsync(true),
  };
}

describe.runIf(usable)('calls on a node killed with kill -9 (two real nodes behind HAProxy)', () => {
  let nodes: TwoNodes;
  keepNodeLogsOnFailure(() => nodes);
  beforeAll(async () => {
    nodes = await startTwoNodes({ CLUSTER_NODE_TTL_SECONDS: String(TTL_S) });
  }, 180_000);
  afterAll(async () => {
    await nodes?.close();
  }, 60_000);

  it('re-rings the night-watch call ringing at the kill, keeps the answered call and closes its record once, and ends the ringing ordinary call with a reason', async () => {
    // The test kits take a TestCloud; these nodes are processes, so they get the parts the kits read.
    const on = (base: string) =>
      ({ cloud: { db: nodes.db }, config: { COOKIE_SECURE: true }, base }) as unknown as TestCloud;
    const onA = on(nodes.a.base);
    const onB = on(nodes.b.base);
    const w = await careWorld(onA);
    const second = await createCitizen(onA, w.municipalityId, { displayName: 'Poul Beboer' });
    const [enrolment] = await nodes.db.db
      .insert(citizenEnrolmentsTable)
      .values({ citizenId: second.id, unitId: w.facility.id, startedAt: new Date(Date.now() - 86_400_000) })
      .returning();
    await grantCallPermission(nodes.db.db, {
      municipalityId: w.municipalityId,
      enrolmentId: enrolment!.id,
      direction: 'citizen_to_night_watch',
      windows: null,
      at: new Date(Date.now() - 60_000),
    });
    const [c1, c2] = await enrolFleet(nodes.db, w.municipalityId, 2, 'failover');
    await nodes.db.db
      .update(devicesTable)
      .set({ citizenId: w.resident.id })
      .where(eq(devicesTable.id, c1!.deviceId));
    await nodes.db.db
      .update(devicesTable)
      .set({ citizenId: second.id })
      .where(eq(devicesTable.id, c2!.deviceId));

    // Both kiosks on node B (A drained for MQTT while each connects, ready again for their return).
    const url = `mqtt://127.0.0.1:${nodes.proxy.ports.mqtt}`;
    const pressing = await kioskOnB(
      nodes,
      () => kiosk(c1!.deviceId, c1!.password, url),
      'the pressing kiosk on node B',
      30_000,
    );
    const talking = await kioskOnB(
      nodes,
      () => kiosk(c2!.deviceId, c2!.password, url),
      'the talking kiosk on node B',
      30_000,
    );
    // The night-watch consoles and the citizen's page on node A; the nurse on node B.
    const watchA = await connect(onA, w.watchA);
    const watchB = await connect(onA, w.watchB);
    const home = await connect(onA, w.home);
    const nurse = await connect(onB, w.nurse);
    // Node B sees A's connections through the Redis registry within a moment.
    await new Promise((r) => setTimeout(r, 1_000));

    // 1. Answered and connected before the kill: the second resident with watchB.
    await talking.up({ type: 'call.place', requestId: 'fo-talk', to: { kind: 'pool', id: w.pool.id } });
    await until(() => talking.down.some((m) => m.type === 'call.ringing'), 'the first call ringing', 10_000);
    const talk = talking.down.find((m) => m.type === 'call.ringing') as Extract<
      ServerMessage,
      { type: 'call.ringing' }
    >;
    await watchB.next('call.incoming', (m) => m.callId === talk.callId);
    watchB.send({ type: 'call.accept', callId: talk.callId });
    await until(() => talking.all('call.accepted', talk.callId).length === 1, 'answered', 10_000);
    watchB.send({ type: 'rtc.offer', callId: talk.callId, sdp: OFFER });
    await until(() => talking.all('rtc.offer', talk.callId).length === 1, 'the offer on the kiosk', 10_000);
    await talking.up({ type: 'rtc.answer', callId: talk.callId, sdp: OFFER });
    await watchB.next('rtc.answer', (m) => m.callId === talk.callId);

    // 2. Ringing at the kill: the resident pressed the button; watchA rings (watchB is busy).
    await pressing.up({ type: 'call.place', requestId: 'fo-ring', to: { kind: 'pool', id: w.pool.id } });
    await until(
      () => pressing.down.some((m) => m.type === 'call.ringing'),
      'the night-watch call ringing',
      10_000,
    );
    const ring = pressing.down.find((m) => m.type === 'call.ringing') as Extract<
      ServerMessage,
      { type: 'call.ringing' }
    >;
    await watchA.next('call.incoming', (m) => m.callId === ring.callId);

    // 3. An ordinary call ringing at the kill: the nurse on B calls the citizen whose page is on A.
    nurse.send({ type: 'call.place', requestId: 'fo-plain', to: { kind: 'citizen', id: w.home.id } });
    const { callId: plain } = await nurse.next('call.ringing');
    await home.next('call.incoming', (m) => m.callId === plain);

    const killedAt = Date.now();
    await nodes.b.kill();

    // The ordinary call: the side still connected is told, with a reason.
    await until(() => home.has('call.ended'), 'the ordinary call ended on the page', 30_000);
    expect(await home.next('call.ended', (m) => m.callId === plain)).toMatchObject({ reason: 'failed' });
    // The night-watch call is not lost: node A rings its console again, under the same call.
    const rings = (c: Client) =>
      c.messages.filter((m) => m.type === 'call.incoming' && m.callId === ring.callId);
    await until(() => rings(watchA).length === 2, 'the night-watch call rung again from node A', 30_000);
    const reRungAfter = (Date.now() - killedAt) / 1000;
    expect(pressing.all('call.ended', ring.callId)).toEqual([]);
    watchA.send({ type: 'call.accept', callId: ring.callId });
    await until(
      () => pressing.all('call.accepted', ring.callId).length === 1,
      'the resident answered',
      30_000,
    );

    // The answered call went on (media is peer to peer): both hear call.accepted again once the kiosk is back.
    await until(
      () =>
        watchB.messages.filter((m) => m.type === 'call.accepted' && m.callId === talk.callId).length === 2,
      'the answered call resumed on node A',
      30_000,
    );
    expect(watchB.messages.some((m) => m.type === 'call.ended' && m.callId === talk.callId)).toBe(false);
    // Signalling goes through node A now (the ICE restart).
    await talking.up({ type: 'rtc.offer', callId: talk.callId, sdp: OFFER });
    await until(
      () => watchB.messages.filter((m) => m.type === 'rtc.offer' && m.callId === talk.callId).length === 1,
      'the restart offer through node A',
      10_000,
    );
    watchB.send({ type: 'call.hangup', callId: talk.callId });
    watchA.send({ type: 'call.hangup', callId: ring.callId });
    await until(() => talking.all('call.ended', talk.callId).length === 1, 'the answered call ended', 10_000);

    const recordOf = async (callId: string) =>
      nodes.db.db.select().from(callRecordsTable).where(eq(callRecordsTable.callId, callId));
    await until(
      async () =>
        (await recordOf(talk.callId)).length === 1 &&
        (await recordOf(ring.callId)).length === 1 &&
        (await recordOf(plain)).length === 1,
      'three call records',
      10_000,
    );
    const [talked] = await recordOf(talk.callId);
    expect(talked).toMatchObject({ endReason: 'hung_up', answeredByStaffId: w.watchB.id });
    expect(talked!.connectedAt!.getTime()).toBeLessThan(killedAt);
    expect(talked!.endAt!.getTime()).toBeGreaterThan(killedAt);
    expect((await recordOf(ring.callId))[0]).toMatchObject({
      endReason: 'hung_up',
      answeredByStaffId: w.watchA.id,
    });
    expect((await recordOf(plain))[0]).toMatchObject({ endReason: 'failed', connectedAt: null });
    console.info(
      `[cluster] night-watch call rung again ${reRungAfter.toFixed(1)} s after kill -9 (TTL ${TTL_S} s)`,
    );
    for (const c of [watchA, watchB, home]) c.ws.close();
    await Promise.all([pressing.stop(), talking.stop()]);
  }, 120_000);
});
