import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Client, careWorld, connect, SDP_STUB, until } from '../../test/kits/calls.js';
import { watchRedisOrder } from '../../test/kits/redis-order.js';
import { kioskOn, twoNodesSuite } from '../../test/kits/two-nodes.js';
import { CLOSE_ACCESS_ENDED } from '../accounts/deactivator.js';
import { grantCallPermission } from '../care/index.js';
import { callRecordsTable, unitMembershipsTable } from '../db/index.js';
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
    const order = await watchRedisOrder(two.prefix);
    try {
      nurse.send({ type: 'call.place', requestId: 'snap1', to: { kind: 'citizen', id: w.home.id } });
      const { callId } = await home.next('call.incoming');
      // Both are waited for: with the snapshot written after the ring (the order this guards against), it still is.
      const listed = () => order.snapshotRinging(two.b.cloud.nodeId, callId, (e) => e.party.id === w.home.id);
      const ring = () => order.frameTo(two.a.cloud.nodeId, 'call.incoming', callId);
      await until(() => listed() >= 0 && ring() >= 0, 'the ring and the snapshot naming the page');
      expect(listed()).toBeLessThan(ring());
      nurse.send({ type: 'call.hangup', callId });
      await home.next('call.ended');
    } finally {
      order.close();
      for (const c of [nurse, home]) c.ws.close();
    }
  });

  it('lists a page opened while its person’s call rings in the call’s snapshot before the late ring reaches it', async () => {
    // As the test above, for a ring sent after the call was placed (calls/reconnect.ts ringLate): the citizen
    // opens a second page, on node A, while the nurse's call homed on node B rings; B rings it through the bus.
    const w = await careWorld(two.a);
    const nurse = await connect(two.b, w.nurse);
    const first = await connect(two.b, w.home);
    nurse.send({ type: 'call.place', requestId: 'late1', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await first.next('call.incoming');
    const order = await watchRedisOrder(two.prefix);
    let late: Client | undefined;
    try {
      late = await connect(two.a, w.home);
      const page = late.messages.find((m) => m.type === 'welcome')!.connectionId;
      expect(await late.next('call.incoming')).toMatchObject({ callId });
      const listed = () => order.snapshotRinging(two.b.cloud.nodeId, callId, (e) => e.id === page);
      const ring = () => order.frameTo(two.a.cloud.nodeId, 'call.incoming', callId);
      await until(() => listed() >= 0 && ring() >= 0, 'the late ring and the snapshot naming the page');
      expect(listed()).toBeLessThan(ring());
      nurse.send({ type: 'call.hangup', callId });
      await late.next('call.ended');
    } finally {
      order.close();
      for (const c of [nurse, first, late]) c?.ws.close();
    }
  });

  it('lists a page released by another page’s answer in the call’s snapshot before it hears the call was taken', async () => {
    // LiveCall.released goes with the snapshot (calls/handover.ts), written before the page is told, so a node
    // adopting the call after a kill in between answers that page's late press as late (calls/answer.ts).
    const w = await careWorld(two.a);
    const nurse = await connect(two.b, w.nurse);
    const here = await connect(two.b, w.home);
    const there = await connect(two.a, w.home);
    await until(() => two.b.cloud.calls.citizenReachable(w.home.id), 'the pages seen from B');
    const page = there.messages.find((m) => m.type === 'welcome')!.connectionId;
    const order = await watchRedisOrder(two.prefix);
    try {
      nurse.send({ type: 'call.place', requestId: 'taken1', to: { kind: 'citizen', id: w.home.id } });
      const { callId } = await there.next('call.incoming');
      here.send({ type: 'call.accept', callId });
      await there.next('call.ended', (m) => m.reason === 'taken_by_another');
      const released = () => order.snapshotReleased(two.b.cloud.nodeId, callId, page);
      const told = () => order.frameTo(two.a.cloud.nodeId, 'call.ended', callId);
      await until(() => released() >= 0 && told() >= 0, '“taken” and the snapshot releasing the page');
      expect(released()).toBeLessThan(told());
      nurse.send({ type: 'call.hangup', callId });
      await here.next('call.ended');
    } finally {
      order.close();
      for (const c of [nurse, here, there]) c.ws.close();
    }
  });

  it('takes a colleague who declined a call to the team out of its snapshot before “ended” reaches them', async () => {
    // Issue 14 §4: a node adopting a ringing team call ends it on every console its snapshot still rings
    // (calls/handover.ts); one told `call.ended` (declined) already must not be among them.
    const w = await careWorld(two.a);
    const db = two.a.cloud.db.db;
    await db.insert(unitMembershipsTable).values({ staffId: w.stranger.id, unitId: w.team.id });
    await grantCallPermission(db, {
      municipalityId: w.municipalityId,
      enrolmentId: w.homeEnrolment.id,
      direction: 'citizen_to_staff',
      windows: null,
      at: new Date(Date.now() - 60_000),
    });
    // A team call rings every page of its members; the page on A declares itself a night-watch console only so
    // that B's `reachable` (which counts consoles alone) shows when A's registry entry has reached B.
    const decliner = await connect(two.a, { ...w.nurse, surface: 'nightwatch' });
    const colleague = await connect(two.b, w.stranger);
    const citizen = await connect(two.b, w.home);
    await until(() => two.b.cloud.calls.reachable(w.nurse.id), 'the console on A seen from B');
    const consoleId = decliner.messages.find((m) => m.type === 'welcome')!.connectionId;
    const order = await watchRedisOrder(two.prefix);
    try {
      citizen.send({ type: 'call.place', requestId: 'team1', to: { kind: 'pool', id: w.team.id } });
      const { callId } = await decliner.next('call.incoming');
      await colleague.next('call.incoming');
      decliner.send({ type: 'call.decline', callId });
      await decliner.next('call.ended', (m) => m.reason === 'declined');
      const told = () => order.frameTo(two.a.cloud.nodeId, 'call.ended', callId);
      await until(() => told() >= 0, '“ended” to the console on A in MONITOR');
      const stopped = order.snapshotStoppedRinging(two.b.cloud.nodeId, callId, (e) => e.id === consoleId);
      expect(stopped, 'a snapshot no longer ringing the colleague who declined').toBeGreaterThanOrEqual(0);
      expect(stopped).toBeLessThan(told());
      expect(two.b.cloud.calls.liveCalls()).toContainEqual({ callId, state: 'ringing' });
      citizen.send({ type: 'call.hangup', callId });
      await colleague.next('call.ended');
    } finally {
      order.close();
      for (const c of [decliner, colleague, citizen]) c.ws.close();
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
