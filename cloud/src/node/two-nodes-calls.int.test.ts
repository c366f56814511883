import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { careWorld, connect, SDP_STUB, until } from '../../test/kits/calls.js';
import { kioskOn, twoNodesSuite } from '../../test/kits/two-nodes.js';
import { TEST_REDIS_URL } from '../../test/redis.js';
import { CLOSE_ACCESS_ENDED } from '../accounts/deactivator.js';
import { callRecordsTable } from '../db/index.js';
import { CLOSE_SESSION_ENDED } from '../realtime/ws/sockets.js';

/** Calls between two nodes: signalling, resume, and cutting sockets on the other node (test/kits/two-nodes.ts: two nodes in one process, one database, one Redis prefix.) */
const two = await twoNodesSuite();
describe.runIf(two.run)('calls between two cloud nodes sharing Redis and PostgreSQL', () => {
  it('connects a staff member on node A with a citizen whose kiosk is on node B, relays signalling both ways and records the call once', async () => {
    const w = await careWorld(two.a);
    const kiosk = await kioskOn(two.b, w.home.id);
    // Node A learns of the kiosk on B through the shared registry.
    await until(() => two.a.cloud.calls.citizenReachable(w.home.id), 'kiosk on B seen from A');
    const nurse = await connect(two.a, w.nurse);

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

    nurse.send({ type: 'rtc.offer', callId, sdp: SDP_STUB });
    expect(await kiosk.next('rtc.offer')).toMatchObject({ callId, sdp: SDP_STUB });
    await kiosk.up({ type: 'rtc.answer', callId, sdp: SDP_STUB });
    expect(await nurse.next('rtc.answer')).toMatchObject({ callId, sdp: SDP_STUB });
    await kiosk.up({
      type: 'rtc.ice',
      callId,
      candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' },
    });
    await nurse.next('rtc.ice');
    // The call is busy on both nodes: A holds it, B sees its summary.
    await until(() => two.b.cloud.calls.liveCalls().length === 0, 'B holds no call of its own');
    expect(two.a.cloud.calls.liveCalls()).toEqual([{ callId, state: 'in_call' }]);

    nurse.send({ type: 'call.hangup', callId });
    expect(await kiosk.next('call.ended')).toMatchObject({ callId, reason: 'hung_up' });
    await until(
      async () =>
        (await two.a.cloud.db.db.select().from(callRecordsTable).where(eq(callRecordsTable.callId, callId)))
          .length === 1,
      'the call record',
    );
    const records = await two.a.cloud.db.db
      .select()
      .from(callRecordsTable)
      .where(eq(callRecordsTable.callId, callId));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ endReason: 'hung_up', callerId: w.nurse.id, calleeId: w.home.id });
    expect(records[0]!.connectedAt).not.toBeNull();
    nurse.ws.close();
    await kiosk.client.endAsync(true);
  });

  it('lists a rung page in its call’s snapshot before the ring goes out, so a node killed right after the ring leaves the adopter someone to tell', async () => {
    // Issue 14 §4: the node adopting a dead node's ringing call ends it `failed` to everyone its snapshot says it
    // rang (calls/handover.ts). Redis runs one connection's commands in order and the bus shares the stores'
    // connection (realtime/cluster/index.ts), so the order the home node WROTE in is the order Redis ran: read
    // here with MONITOR. A ring sent before the snapshot naming its page leaves a window in which a kill (or a
    // failed write) makes the adopter end the call without telling the page (failover-calls.int.test.ts, ci-fresh).
    const w = await careWorld(two.a);
    const home = await connect(two.a, w.home);
    const nurse = await connect(two.b, w.nurse);
    await until(() => two.b.cloud.calls.citizenReachable(w.home.id), 'the page on A seen from B');
    const redis = new Redis(TEST_REDIS_URL);
    const monitor = await redis.monitor();
    const commands: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((a) => a.startsWith(two.prefix))) commands.push(args);
    });
    try {
      nurse.send({ type: 'call.place', requestId: 'snap1', to: { kind: 'citizen', id: w.home.id } });
      const { callId } = await home.next('call.incoming');
      // The writes after the ring (the snapshot update of the code this guards against) reach MONITOR too.
      await until(
        () =>
          commands.some((c) => c[0] === 'hset' && c[1] === `${two.prefix}callsnap:node-b` && c[2] === callId),
        'the call’s snapshot written',
      );
      await new Promise((r) => setTimeout(r, 300));
      const ring = commands.findIndex(
        (c) =>
          c[0] === 'publish' &&
          c[1] === `${two.prefix}bus:node:node-a` &&
          c[2]!.includes('"call.incoming"') &&
          c[2]!.includes(callId),
      );
      const listed = commands.findIndex((c) => {
        if (c[0] !== 'hset' || c[1] !== `${two.prefix}callsnap:node-b` || c[2] !== callId) return false;
        const snapshot = JSON.parse(c[3]!) as { ringing: { party: { id: string } }[] };
        return snapshot.ringing.some((e) => e.party.id === w.home.id);
      });
      expect(ring).toBeGreaterThanOrEqual(0);
      expect(listed).toBeGreaterThanOrEqual(0);
      expect(listed).toBeLessThan(ring);
      nurse.send({ type: 'call.hangup', callId });
      await home.next('call.ended');
    } finally {
      monitor.disconnect();
      redis.disconnect();
      for (const c of [nurse, home]) c.ws.close();
    }
  });

  it('resumes a call on node A when the citizen’s page comes back on node B with its resume token', async () => {
    const w = await careWorld(two.a);
    const nurse = await connect(two.a, w.nurse);
    const home = await connect(two.a, w.home);
    nurse.send({ type: 'call.place', requestId: 'res1', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await home.next('call.incoming');
    home.send({ type: 'call.accept', callId });
    await nurse.next('call.accepted');
    nurse.send({ type: 'rtc.offer', callId, sdp: SDP_STUB });
    await home.next('rtc.offer');
    home.send({ type: 'rtc.answer', callId, sdp: SDP_STUB });
    await nurse.next('rtc.answer');

    // The page lost its link and reconnects, as behind HAProxy, to the other node with the old token.
    home.ws.close();
    await until(() => two.a.cloud.calls.liveCalls()[0]?.state === 'reconnecting', 'reconnecting on A');
    const back = await connect(two.b, w.home, home.resumeToken);
    expect(await back.next('call.accepted')).toMatchObject({ callId });
    expect(
      await nurse.next(
        'call.accepted',
        () => nurse.messages.filter((m) => m.type === 'call.accepted').length === 2,
      ),
    ).toMatchObject({ callId });
    // The call stays homed on A; the page's messages reach it from B.
    back.send({ type: 'rtc.answer', callId, sdp: SDP_STUB });
    await until(() => nurse.messages.filter((m) => m.type === 'rtc.answer').length === 2, 'answer via B');
    nurse.send({ type: 'call.hangup', callId });
    expect(await back.next('call.ended')).toMatchObject({ callId, reason: 'hung_up' });
    for (const c of [nurse, back]) c.ws.close();
  });

  it('cuts a disabled citizen’s socket on node A when support disables them on node B, and ends their call', async () => {
    const w = await careWorld(two.a);
    const home = await connect(two.a, w.home);
    const nurse = await connect(two.b, w.nurse);
    await until(() => two.b.cloud.calls.citizenReachable(w.home.id), 'citizen on A seen from B');
    nurse.send({ type: 'call.place', requestId: 'cut1', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await home.next('call.incoming');
    home.send({ type: 'call.accept', callId });
    await nurse.next('call.accepted');
    const closed = new Promise<number>((resolve) => home.ws.once('close', (code) => resolve(code)));
    await two.b.cloud.records.deactivator.disableCitizen(
      w.municipalityId,
      w.home.id,
      { kind: 'system', id: null, ip: null },
      'support',
    );
    expect(await nurse.next('call.ended')).toMatchObject({ callId, reason: 'permission_revoked' });
    expect(await closed).toBe(CLOSE_ACCESS_ENDED);
    await until(
      () => !two.a.cloud.calls.liveCalls().length && !two.b.cloud.calls.liveCalls().length,
      'no calls',
    );
    nurse.ws.close();
  });

  it('closes a session’s socket on node B at once when it logs out on node A', async () => {
    const w = await careWorld(two.a);
    const onB = await connect(two.b, w.nurse);
    const closed = new Promise<number>((resolve) => onB.ws.once('close', (code) => resolve(code)));
    const logout = await fetch(`${two.a.base}/api/auth/logout`, {
      method: 'POST',
      headers: onB.session.headers,
    });
    expect(logout.status).toBe(204);
    // Well before B's own session check (WS_SESSION_CHECK_SECONDS, 30 s) would notice.
    const soon = new Promise<string>((resolve) => setTimeout(() => resolve('still open after 3 s'), 3_000));
    expect(await Promise.race([closed, soon])).toBe(CLOSE_SESSION_ENDED);
  });
});
