import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { careWorld, connect, SDP_STUB, until } from '../../test/kits/calls.js';
import { openTestNode } from '../../test/kits/cluster.js';
import {
  callThePool,
  consolesOnTwoNodes,
  hangUpEverythingOn,
  secondResident,
  SYSTEM_ACTOR as system,
  unreachableEntries,
} from '../../test/kits/night-watch.js';
import { watchRedisOrder } from '../../test/kits/redis-order.js';
import { startLateNode, twoNodesSuite } from '../../test/kits/two-nodes.js';
import { RECONNECT_GRACE_MS } from '../calls/night-watch/pool-presence.js';
import { nightWatchCallsTable, sessionsTable } from '../db/index.js';
import { LOCKED_CALLER } from '../realtime/locked-view.js';

/** A console gone for good counts once its member's reconnect grace has run out (pool-presence.ts); real clocks here. */
const AFTER_GRACE_MS = RECONNECT_GRACE_MS + 5_000;

/** The night watch across two nodes: ring-all, one winner, reachability, a dead node (test/kits/two-nodes.ts: two nodes in one process, one database, one Redis prefix.) */
const two = await twoNodesSuite();
describe.runIf(two.run)('the night watch across two cloud nodes', () => {
  it('rings the night-watch consoles on both nodes; of two accepts exactly one wins and the other hears who took it', async () => {
    const w = await careWorld(two.a);
    const { onA, onB } = await consolesOnTwoNodes(two, w);
    // The resident's call is homed on B; the console on A accepts through B.
    const resident = await connect(two.b, w.resident);
    try {
      const callId = await callThePool(resident, w.pool.id, 'nw1');
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
      // Whichever order the two accepts reached the call's home on B, nobody was told "unknown call".
      expect([...onA.messages, ...onB.messages].filter((m) => m.type === 'error')).toEqual([]);
      const [row] = await two.a.cloud.db.db
        .select()
        .from(nightWatchCallsTable)
        .where(eq(nightWatchCallsTable.id, callId));
      expect(row?.acceptedBy).toBe(accepted.by.id);

      resident.send({ type: 'call.hangup', callId });
      await winner.next('call.ended', (m) => m.callId === callId);
    } finally {
      // A failure above must not leave the call live: the resident's red button ends it whatever its state.
      await hangUpEverythingOn(two.b, resident);
      for (const c of [onA, onB, resident]) c.ws.close();
    }
  });

  it('lists a console in the pool call’s snapshot before the ring reaches it, so a node killed right after the ring leaves the adopter whom it rang', async () => {
    // Issue 14 §4, as two-nodes-calls.int.test.ts for a placed call: the router's ring (pool-effects.ts) is
    // sent only after the snapshot naming the console, which Redis runs first (test/kits/redis-order.ts).
    const w = await careWorld(two.a);
    const onA = await connect(two.a, w.watchA);
    await until(() => two.b.cloud.calls.reachable(w.watchA.id), 'console on A seen from B');
    const consoleId = onA.messages.find((m) => m.type === 'welcome')!.connectionId;
    const resident = await connect(two.b, w.resident);
    const order = await watchRedisOrder(two.prefix);
    try {
      const callId = await callThePool(resident, w.pool.id, 'nw-order');
      await onA.next('call.incoming', (m) => m.callId === callId);
      const listed = () => order.snapshotRinging(two.b.cloud.nodeId, callId, (e) => e.id === consoleId);
      const ring = () => order.frameTo(two.a.cloud.nodeId, 'call.incoming', callId);
      await until(() => listed() >= 0 && ring() >= 0, 'the ring and the snapshot naming the console');
      expect(listed()).toBeLessThan(ring());
    } finally {
      order.close();
      await hangUpEverythingOn(two.b, resident);
      for (const c of [onA, resident]) c.ws.close();
    }
  });

  it('lists a console told “taken” among the released in the call’s snapshot before “taken” reaches it', async () => {
    // LiveCall.released goes with the snapshot (handover.ts): written before the console is told, so a node
    // adopting the call after a kill in between still answers the console's late press as late (answer.ts).
    const w = await careWorld(two.a);
    const { onA, onB } = await consolesOnTwoNodes(two, w);
    const loser = onA.messages.find((m) => m.type === 'welcome')!.connectionId;
    const resident = await connect(two.b, w.resident);
    const order = await watchRedisOrder(two.prefix);
    try {
      const callId = await callThePool(resident, w.pool.id, 'nw-released');
      await onA.next('call.incoming', (m) => m.callId === callId);
      await onB.next('call.incoming', (m) => m.callId === callId);
      onB.send({ type: 'call.accept', callId });
      await onA.next('call.ended', (m) => m.callId === callId && m.reason === 'taken_by_another');
      const released = () => order.snapshotReleased(two.b.cloud.nodeId, callId, loser);
      const told = () => order.frameTo(two.a.cloud.nodeId, 'call.taken', callId);
      await until(() => released() >= 0 && told() >= 0, '“taken” and the snapshot releasing the console');
      expect(released()).toBeLessThan(told());
    } finally {
      order.close();
      await hangUpEverythingOn(two.b, resident);
      for (const c of [onA, onB, resident]) c.ws.close();
    }
  });

  it('takes a console that declined out of the call’s snapshot before “ended” reaches it, so an adopter never ends the call on it again', async () => {
    // Issue 14 §4 for a console that stops ringing for another reason than "taken" (declined here; also its ring
    // passed on, or its member went off duty): a node adopting the call after a kill re-rings or ends whatever
    // the snapshot still rings (handover.ts), and a console told `call.ended` already would be told it again.
    const w = await careWorld(two.a);
    const { onA, onB } = await consolesOnTwoNodes(two, w);
    const decliner = onA.messages.find((m) => m.type === 'welcome')!.connectionId;
    const resident = await connect(two.b, w.resident);
    const order = await watchRedisOrder(two.prefix);
    try {
      const callId = await callThePool(resident, w.pool.id, 'nw-declined');
      await onA.next('call.incoming', (m) => m.callId === callId);
      await onB.next('call.incoming', (m) => m.callId === callId);
      onA.send({ type: 'call.decline', callId });
      await onA.next('call.ended', (m) => m.callId === callId && m.reason === 'declined');
      const told = () => order.frameTo(two.a.cloud.nodeId, 'call.ended', callId);
      await until(() => told() >= 0, '“ended” to the console on A in MONITOR');
      // Redis ran B's commands in order: a snapshot written before the frame is in MONITOR before it.
      const stopped = order.snapshotStoppedRinging(two.b.cloud.nodeId, callId, (e) => e.id === decliner);
      expect(stopped, 'a snapshot no longer ringing the console that declined').toBeGreaterThanOrEqual(0);
      expect(stopped).toBeLessThan(told());
      // The colleague's console still rings: the call goes on without the one who declined.
      expect(two.b.cloud.calls.liveCalls()).toContainEqual({ callId, state: 'ringing' });
    } finally {
      order.close();
      await hangUpEverythingOn(two.b, resident);
      for (const c of [onA, onB, resident]) c.ws.close();
    }
  });

  it('takes a ringing console tab that closes out of the call’s snapshot, while the member’s other tab rings on', async () => {
    // A tab closed while it rings can no longer be told anything (reconnect.ts endpointClosed): the snapshot
    // an adopter would read must not go on naming it (issue 14 §4, handover.ts). The member keeps a second tab
    // open, so the pool's router has no reason to write the snapshot itself: only the close can.
    const w = await careWorld(two.a);
    const first = await connect(two.b, w.watchB);
    const second = await connect(two.b, w.watchB);
    const closing = first.messages.find((m) => m.type === 'welcome')!.connectionId;
    const staying = second.messages.find((m) => m.type === 'welcome')!.connectionId;
    const resident = await connect(two.b, w.resident);
    const order = await watchRedisOrder(two.prefix);
    try {
      const callId = await callThePool(resident, w.pool.id, 'nw-tab-closed');
      await first.next('call.incoming', (m) => m.callId === callId);
      await second.next('call.incoming', (m) => m.callId === callId);
      await until(
        () => order.snapshotRinging(two.b.cloud.nodeId, callId, (e) => e.id === closing) >= 0,
        'both tabs in the snapshot',
      );
      first.ws.close();
      await until(
        () => order.snapshotStoppedRinging(two.b.cloud.nodeId, callId, (e) => e.id === closing) >= 0,
        'a snapshot without the closed tab',
      );
      const last = order.commands
        .filter(
          (c) => c[0] === 'hset' && c[1] === `${two.prefix}callsnap:${two.b.cloud.nodeId}` && c[2] === callId,
        )
        .at(-1);
      const ringing = (JSON.parse(last![3]!) as { ringing: { id: string }[] }).ringing.map((e) => e.id);
      expect(ringing).toEqual([staying]);
      expect(two.b.cloud.calls.liveCalls()).toContainEqual({ callId, state: 'ringing' });
    } finally {
      order.close();
      await hangUpEverythingOn(two.b, resident);
      for (const c of [first, second, resident]) c.ws.close();
    }
  });

  it('answers a console’s accept, decline or red button pressed before “taken” reached it with nothing more, not an error', async () => {
    const w = await careWorld(two.a);
    const { onA, onB } = await consolesOnTwoNodes(two, w);
    const resident = await connect(two.b, w.resident);
    try {
      const callId = await callThePool(resident, w.pool.id, 'nw-late');
      await onB.next('call.incoming', (m) => m.callId === callId);
      onA.send({ type: 'call.accept', callId });
      await resident.next('call.accepted');
      await onB.next('call.ended', (m) => m.callId === callId && m.reason === 'taken_by_another');
      // The presses the console on B sent in the same second as A's accept, reaching the call's home (B) now,
      // in this order; then an accept for a call that never was, which must still be `unknown_call`.
      const welcome = onB.messages.find((m) => m.type === 'welcome');
      const staff = { kind: 'staff' as const, id: w.watchB.id };
      const loser = { id: welcome!.connectionId, owner: staff, party: staff };
      await two.b.cloud.calls.handle(loser, { v: 1, type: 'call.accept', callId });
      await two.b.cloud.calls.handle(loser, { v: 1, type: 'call.decline', callId });
      await two.b.cloud.calls.handle(loser, { v: 1, type: 'call.hangup', callId });
      await two.b.cloud.calls.handle(loser, { v: 1, type: 'call.accept', callId: randomUUID() });
      await onB.next('error');
      expect(onB.messages.filter((m) => m.type === 'error')).toEqual([
        expect.objectContaining({ code: 'unknown_call' }),
      ]);
      expect(two.b.cloud.calls.liveCalls()).toContainEqual({ callId, state: 'accepted' });
      resident.send({ type: 'call.hangup', callId });
      await onA.next('call.ended', (m) => m.callId === callId);
    } finally {
      // A failure above must not leave the call live: the resident's red button ends it whatever its state.
      await hangUpEverythingOn(two.b, resident);
      for (const c of [onA, onB, resident]) c.ws.close();
    }
  });

  it('lets a console on node A take a night-watch call homed on node B; the console on B hears who took it', async () => {
    const w = await careWorld(two.a);
    const { onA, onB } = await consolesOnTwoNodes(two, w);
    const resident = await connect(two.b, w.resident);
    const callId = await callThePool(resident, w.pool.id, 'nw3');
    await onA.next('call.incoming', (m) => m.callId === callId);
    await onB.next('call.incoming', (m) => m.callId === callId);

    onA.send({ type: 'call.accept', callId });
    expect(await resident.next('call.accepted')).toMatchObject({ by: { kind: 'staff', id: w.watchA.id } });
    expect(await onB.next('call.taken')).toMatchObject({ callId, byDisplayName: 'Jonas Nattevagt' });
    // Signalling between the console on A and the resident on B goes both ways through B.
    onA.send({ type: 'rtc.offer', callId, sdp: SDP_STUB });
    expect(await resident.next('rtc.offer')).toMatchObject({ callId });
    resident.send({ type: 'rtc.answer', callId, sdp: SDP_STUB });
    expect(await onA.next('rtc.answer')).toMatchObject({ callId });
    expect(two.b.cloud.calls.liveCalls()).toContainEqual({ callId, state: 'in_call' });
    onA.send({ type: 'call.hangup', callId });
    expect(await resident.next('call.ended')).toMatchObject({ callId, reason: 'hung_up' });
    for (const c of [onA, onB, resident]) c.ws.close();
  });

  it('rings an idle-locked console on node A with the place the call comes from, and tells it the call was taken without the colleague’s name', async () => {
    const w = await careWorld(two.a);
    const locked = await connect(two.a, w.watchA);
    const onB = await connect(two.b, w.watchB);
    await until(
      () => two.b.cloud.calls.reachable(w.watchA.id) && two.a.cloud.calls.reachable(w.watchB.id),
      'consoles',
    );
    // Idle past the timeout: the session is locked (issue 10 §1), the socket stays.
    await two.a.cloud.db.db
      .update(sessionsTable)
      .set({ lastSeenAt: new Date(Date.now() - 24 * 3_600_000) })
      .where(eq(sessionsTable.id, locked.session.sessionId));
    const resident = await connect(two.b, w.resident);
    const callId = await callThePool(resident, w.pool.id, 'nw-locked');
    const open = await onB.next('call.incoming', (m) => m.callId === callId);
    // The frame is sent on B, the call's home, and delivered on A: the "this name is a place" mark travels with it.
    const ring = await locked.next('call.incoming', (m) => m.callId === callId);
    expect(ring.displayName).toBe(open.displayName);
    expect(ring.displayName).not.toBe(LOCKED_CALLER);

    onB.send({ type: 'call.accept', callId });
    await resident.next('call.accepted');
    expect(await locked.next('call.taken')).toEqual({ v: 1, type: 'call.taken', callId });
    expect(JSON.stringify(locked.messages)).not.toContain('Ida Nattevagt');
    resident.send({ type: 'call.hangup', callId });
    await onB.next('call.ended', (m) => m.callId === callId);
    for (const c of [locked, onB, resident]) c.ws.close();
  });

  it('does not ring a member on node A for a new call while they answer a call homed on node B', async () => {
    const w = await careWorld(two.a);
    const second = await secondResident(two.a, w, Date.now());
    const { onA, onB } = await consolesOnTwoNodes(two, w);
    const first = await connect(two.b, w.resident);
    const busyCall = await callThePool(first, w.pool.id, 'busy1');
    await onA.next('call.incoming', (m) => m.callId === busyCall);
    onA.send({ type: 'call.accept', callId: busyCall });
    await first.next('call.accepted');

    // A's pool router learns of a first call on A only now: watchA is busy on B, so only watchB rings.
    const waiting = await connect(two.a, second);
    const secondCall = await callThePool(waiting, w.pool.id, 'busy2');
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

  it('raises “on duty but nobody reachable” once for the pool, though both nodes route it and see the consoles go', async () => {
    const w = await careWorld(two.a);
    const onA = await connect(two.a, w.watchA);
    const onB = await connect(two.b, w.watchB);
    await until(
      () => two.a.cloud.calls.reachable(w.watchB.id) && two.b.cloud.calls.reachable(w.watchA.id),
      'consoles',
    );
    // Both nodes route the pool from now on (a duty change reaches every node).
    await two.a.cloud.calls.dutyChanged(w.pool.id);
    await new Promise((r) => setTimeout(r, 200));
    onA.ws.close();
    onB.ws.close();
    const entries = () => unreachableEntries(two.a, w.pool.id);
    await until(async () => (await entries()).length > 0, 'the unreachable audit entry', AFTER_GRACE_MS);
    await new Promise((r) => setTimeout(r, 500));
    expect(await entries()).toHaveLength(1);
  });

  it('a console closed on node B holds its member in the ring on node A for the reconnect grace, then the call escalates', async () => {
    const w = await careWorld(two.a);
    const onB = await connect(two.b, w.watchB);
    await until(() => two.a.cloud.calls.reachable(w.watchB.id), 'B console seen from A');
    expect(two.a.cloud.calls.reachable(w.watchA.id)).toBe(false);
    const resident = await connect(two.a, w.resident);
    const callId = await callThePool(resident, w.pool.id, 'nw2');
    await onB.next('call.incoming', (m) => m.callId === callId);

    onB.ws.close();
    await until(() => !two.a.cloud.calls.reachable(w.watchB.id), 'B console gone on A');
    // Node A heard of the close over the bus (call.closed) and holds the member: a reload would be back by now.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(resident.has('call.refused')).toBe(false);
    // Nobody reachable is left once the grace has run out: the call on A escalates instead of ringing a closed console.
    await until(() => resident.has('call.refused'), 'the refusal after the grace', AFTER_GRACE_MS);
    expect(await resident.next('call.refused')).toMatchObject({ code: 'nobody_on_duty' });
    resident.ws.close();
  });

  it('rings the call homed on node A at the console that closed on node B and came back on node A within the grace', async () => {
    const w = await careWorld(two.a);
    const onB = await connect(two.b, w.watchB);
    await until(() => two.a.cloud.calls.reachable(w.watchB.id), 'B console seen from A');
    const resident = await connect(two.a, w.resident);
    const callId = await callThePool(resident, w.pool.id, 'nw5');
    await onB.next('call.incoming', (m) => m.callId === callId);

    onB.ws.close();
    await until(() => !two.a.cloud.calls.reachable(w.watchB.id), 'B console gone on A');
    await new Promise((r) => setTimeout(r, 500));
    // The reload lands on the other node (HAProxy may pick either).
    const back = await connect(two.a, w.watchB);
    await back.next('call.incoming', (m) => m.callId === callId);
    back.send({ type: 'call.accept', callId });
    await resident.next('call.accepted', (m) => m.callId === callId);
    expect(resident.has('call.refused')).toBe(false);
    resident.send({ type: 'call.hangup', callId });
    await back.next('call.ended', (m) => m.callId === callId);
    for (const c of [resident, back]) c.ws.close();
  });

  it('never counts a member whose account was closed as reachable, though a socket of theirs is still open on a node the cut did not reach', async () => {
    const w = await careWorld(two.a);
    // watchB's only console is on a third node that hears nothing (its Redis side only), as a node whose bus
    // missed the cut would keep it until its next session check; watchA is on duty with no console.
    const stale = await openTestNode(two.prefix, 'node-stale', 1_500);
    const entries = () => unreachableEntries(two.a, w.pool.id);
    try {
      stale.registry.add('console-on-stale', { kind: 'staff', id: w.watchB.id }, 'nightwatch');
      await until(() => two.a.cloud.calls.reachable(w.watchB.id), 'the stale console seen from A');
      // Checked with the console there: covered, not raised.
      two.a.cloud.calls.presenceChanged();
      await new Promise((r) => setTimeout(r, 300));
      expect(await entries()).toEqual([]);
      await two.a.cloud.records.deactivator.disableStaff(w.municipalityId, w.watchB.id, system, 'support');
      // Before, the open socket kept the pool "reachable": no alert while no call could be answered.
      await until(async () => (await entries()).length === 1, 'the unreachable audit entry');
      expect(two.a.cloud.calls.reachable(w.watchB.id)).toBe(true);
    } finally {
      await stale.close();
    }
  });

  it('holds a console that closes for the reconnect grace on a node started after it connected, too', async () => {
    const w = await careWorld(two.a);
    const onB = await connect(two.b, w.watchB);
    await until(() => two.a.cloud.calls.reachable(w.watchB.id), 'B console seen from A');
    // As after a rolling restart: a node that heard no hello of that console.
    const late = await startLateNode(two, 'node-late');
    const entries = () => unreachableEntries(two.a, w.pool.id);
    try {
      await until(() => late.cloud.calls.reachable(w.watchB.id), 'B console seen from the late node');
      await new Promise((r) => setTimeout(r, 300));
      onB.ws.close();
      await until(() => !late.cloud.calls.reachable(w.watchB.id), 'B console gone on the late node');
      // Before, the late node raised the pool at once (a reload would be back by now), while A and B waited.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await entries()).toEqual([]);
      await until(async () => (await entries()).length === 1, 'the alert after the grace', AFTER_GRACE_MS);
    } finally {
      await late.close();
    }
  });

  it('a node that dies without a word takes its consoles with it: the ringing call on node A escalates', async () => {
    const w = await careWorld(two.a);
    // A third node holding watchB's only console (its Redis side only), then killed like kill -9.
    const doomed = await openTestNode(two.prefix, 'node-doomed', 1_500);
    doomed.registry.add('console-on-doomed', { kind: 'staff', id: w.watchB.id }, 'nightwatch');
    await until(() => two.a.cloud.calls.reachable(w.watchB.id), 'console on the third node seen from A');
    const resident = await connect(two.a, w.resident);
    await callThePool(resident, w.pool.id, 'dead1');
    doomed.kill();
    // Its key lapses after 1.5 s, checked every 0.5 s; then nobody reachable is left for the call.
    await until(() => !two.a.cloud.calls.reachable(w.watchB.id), 'the dead node’s console dropped', 10_000);
    // Its connections count as closed: the member is held for the reconnect grace (their browser may reach the
    // live node), then nobody is reachable.
    await until(() => resident.has('call.refused'), 'the refusal after the grace', AFTER_GRACE_MS);
    expect(await resident.next('call.refused')).toMatchObject({ code: 'nobody_on_duty' });
    resident.ws.close();
  });
});
