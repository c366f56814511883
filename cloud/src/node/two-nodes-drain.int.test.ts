import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Client, careWorld, connect, SDP_STUB, until } from '../../test/kits/calls.js';
import {
  enrolKiosk,
  kioskSession,
  placeFromKiosk,
  startLateNode,
  twoNodesSuite,
} from '../../test/kits/two-nodes.js';
import type { TestCloud } from '../../test/test-cloud.js';
import { savePoolSettings } from '../care/index.js';
import { auditLogTable, callRecordsTable, nightWatchCallsTable } from '../db/index.js';

/**
 * Draining a node for an upgrade (issue 14 §4; docs/operations.md "Upgrading one node at a time"): a third node
 * joins nodes A and B (test/kits/two-nodes.ts: in one process, one database, one Redis prefix), holds the
 * calls, and stops the way SIGTERM stops it. Its calls are handed over (calls/handover.ts), not ended.
 */
type CareWorld = Awaited<ReturnType<typeof careWorld>>;
const two = await twoNodesSuite();
let n = 0;
/** A node C on A's database and the same Redis prefix (closing it does not drop the shared database). */
const nodeC = () => startLateNode(two, `node-c${++n}`);
const survivors = () => [...two.a.cloud.calls.liveCalls(), ...two.b.cloud.calls.liveCalls()];
const recordOf = async (callId: string) =>
  two.a.cloud.db.db.select().from(callRecordsTable).where(eq(callRecordsTable.callId, callId));
const nightWatchRow = async (callId: string) =>
  (await two.a.cloud.db.db.select().from(nightWatchCallsTable).where(eq(nightWatchCallsTable.id, callId)))[0];
/** The on-duty console `watchA` on node A, once node C sees it (so C can ring it). */
const consoleOnA = async (w: CareWorld, c: TestCloud) => {
  const watch = await connect(two.a, w.watchA);
  await until(() => c.cloud.calls.reachable(w.watchA.id), 'the console on A seen from C');
  return watch;
};
/** Node C drains; the ringing call it held is adopted by A or B, which rings `watch` a second time. */
const drainAndRingAgain = async (c: TestCloud, watch: Client, callId: string) => {
  await c.close();
  await until(
    () => watch.messages.filter((m) => m.type === 'call.incoming' && m.callId === callId).length === 2,
    'the console rung again by the adopting node',
  );
};

describe.runIf(two.run)('draining a node that holds calls', () => {
  it('hands an answered call over: no record is written at the drain, signalling moves when the resident comes back, and the record is written once at the real end', async () => {
    const w = await careWorld(two.a);
    const c = await nodeC();
    const watch = await consoleOnA(w, c);
    const resident = await connect(c, w.resident);
    resident.send({ type: 'call.place', requestId: 'drain1', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await resident.next('call.ringing');
    await watch.next('call.incoming', (m) => m.callId === callId);
    watch.send({ type: 'call.accept', callId });
    await resident.next('call.accepted');
    watch.send({ type: 'rtc.offer', callId, sdp: SDP_STUB });
    await resident.next('rtc.offer');
    resident.send({ type: 'rtc.answer', callId, sdp: SDP_STUB });
    await watch.next('rtc.answer');
    expect(c.cloud.calls.liveCalls()).toEqual([{ callId, state: 'in_call' }]);
    const connectedBefore = Date.now();

    await c.close();
    // Adopted by a survivor, waiting for the resident whose link was on C; the watch heard no end.
    await until(() => survivors().some((call) => call.callId === callId), 'the call adopted by A or B');
    expect(survivors()).toEqual([{ callId, state: 'reconnecting' }]);
    expect(watch.has('call.ended')).toBe(false);
    expect(await recordOf(callId)).toEqual([]);

    // The resident's page comes back on B (behind HAProxy: whichever node answers) with its resume token.
    const back = await connect(two.b, w.resident, resident.resumeToken);
    expect(await back.next('call.accepted')).toMatchObject({
      callId,
      by: { kind: 'staff', id: w.watchA.id },
    });
    await until(
      () => watch.messages.filter((m) => m.type === 'call.accepted').length === 2,
      'accepted again',
    );
    // The ICE restart offer goes through the adopting node now.
    back.send({ type: 'rtc.offer', callId, sdp: SDP_STUB });
    await until(() => watch.messages.filter((m) => m.type === 'rtc.offer').length === 1, 'the restart offer');
    watch.send({ type: 'rtc.answer', callId, sdp: SDP_STUB });
    await back.next('rtc.answer');
    expect(survivors()).toEqual([{ callId, state: 'in_call' }]);

    watch.send({ type: 'call.hangup', callId });
    expect(await back.next('call.ended')).toMatchObject({ callId, reason: 'hung_up' });
    await until(async () => (await recordOf(callId)).length === 1, 'the call record');
    const [record] = await recordOf(callId);
    expect(record).toMatchObject({ endReason: 'hung_up', answeredByStaffId: w.watchA.id });
    // Connected once, before the drain: the adopting node kept the first time.
    expect(record!.connectedAt!.getTime()).toBeLessThanOrEqual(connectedBefore);
    expect(record!.endAt!.getTime()).toBeGreaterThan(record!.connectedAt!.getTime());
    for (const client of [watch, back]) client.ws.close();
  });

  it('still answers a late press from a console told “taken” with nothing more once another node adopted the call', async () => {
    // LiveCall.released is in the call's snapshot (handover.ts), written before the console hears "taken": the
    // adopter treats its accept, decline or red button, pressed in the same second, as late, not as an error.
    const w = await careWorld(two.a);
    const c = await nodeC();
    const watch = await consoleOnA(w, c);
    const other = await connect(two.b, w.watchB);
    await until(() => c.cloud.calls.reachable(w.watchB.id), 'the console on B seen from C');
    const resident = await connect(c, w.resident);
    resident.send({ type: 'call.place', requestId: 'drain-late', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await resident.next('call.ringing');
    await other.next('call.incoming', (m) => m.callId === callId);
    watch.send({ type: 'call.accept', callId });
    await resident.next('call.accepted');
    await other.next('call.ended', (m) => m.callId === callId && m.reason === 'taken_by_another');

    await c.close();
    await until(() => survivors().some((call) => call.callId === callId), 'the call adopted by A or B');
    const adopter = two.a.cloud.calls.liveCalls().some((call) => call.callId === callId) ? two.a : two.b;
    const staff = { kind: 'staff' as const, id: w.watchB.id };
    const loser = {
      id: other.messages.find((m) => m.type === 'welcome')!.connectionId,
      owner: staff,
      party: staff,
    };
    for (const type of ['call.accept', 'call.decline', 'call.hangup'] as const)
      await adopter.cloud.calls.handle(loser, { v: 1, type, callId });
    // A call that never was still gets `unknown_call`: the one error the console may see. Every reply goes to
    // the console in the order it was sent, so once it is here, any error the presses drew is here before it.
    await adopter.cloud.calls.handle(loser, { v: 1, type: 'call.accept', callId: randomUUID() });
    await other.next('error');
    await new Promise((r) => setTimeout(r, 200));
    expect(other.messages.filter((m) => m.type === 'error')).toEqual([
      expect.objectContaining({ code: 'unknown_call' }),
    ]);
    watch.send({ type: 'call.hangup', callId });
    await until(() => survivors().length === 0, 'the call ended');
    for (const client of [watch, other]) client.ws.close();
  });

  it('rings a night-watch call again from the node that adopted it, and the resident back on another node is answered there', async () => {
    const w = await careWorld(two.a);
    const c = await nodeC();
    const watch = await consoleOnA(w, c);
    const resident = await connect(c, w.resident);
    resident.send({ type: 'call.place', requestId: 'drain2', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await resident.next('call.ringing');
    await watch.next('call.incoming', (m) => m.callId === callId);

    await drainAndRingAgain(c, watch, callId);
    expect(survivors()).toEqual([{ callId, state: 'ringing' }]);
    expect(watch.has('call.ended')).toBe(false);

    const back = await connect(two.b, w.resident, resident.resumeToken);
    watch.send({ type: 'call.accept', callId });
    expect(await back.next('call.accepted')).toMatchObject({
      callId,
      by: { kind: 'staff', id: w.watchA.id },
    });
    expect((await nightWatchRow(callId))?.acceptedBy).toBe(w.watchA.id);
    back.send({ type: 'call.hangup', callId });
    await watch.next('call.ended', (m) => m.callId === callId);
    await until(async () => (await recordOf(callId)).length === 1, 'the call record');
    expect((await recordOf(callId))[0]).toMatchObject({
      endReason: 'hung_up',
      answeredByStaffId: w.watchA.id,
    });
    for (const client of [watch, back]) client.ws.close();
  });

  it('answers the resident’s kiosk that comes back only after a console took its handed-over call', async () => {
    const w = await careWorld(two.a);
    const c = await nodeC();
    const device = await enrolKiosk(c, w.resident.id, `DRAIN-${Date.now()}`);
    const kioskOn = (t: TestCloud) => kioskSession(t, device);
    const watch = await consoleOnA(w, c);
    const callId = await placeFromKiosk(await kioskOn(c), watch, w.pool.id, 'drain4');

    await drainAndRingAgain(c, watch, callId);
    // Taken while the kiosk is still away: its answer has nowhere to go yet.
    watch.send({ type: 'call.accept', callId });
    await until(() => survivors().some((call) => call.state === 'accepted'), 'taken');
    const back = await kioskOn(two.b);
    await until(
      () => back.down.some((m) => m.type === 'call.accepted' && m.callId === callId),
      'call.accepted on the kiosk that came back',
    );
    watch.send({ type: 'call.hangup', callId });
    await until(() => back.down.some((m) => m.type === 'call.ended'), 'the end on the kiosk');
    await back.client.endAsync(true);
    watch.ws.close();
  });

  it('escalates a handed-over night-watch call when nobody on duty is reachable any more, instead of leaving it ringing', async () => {
    const w = await careWorld(two.a);
    const c = await nodeC();
    // The only console goes with node C.
    const watch = await connect(c, w.watchA);
    const resident = await connect(c, w.resident);
    resident.send({ type: 'call.place', requestId: 'drain5', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await resident.next('call.ringing');
    await watch.next('call.incoming', (m) => m.callId === callId);

    await c.close();
    await until(
      async () => (await nightWatchRow(callId))?.status === 'missed',
      'the call escalated as missed',
      10_000,
    );
    await until(() => survivors().length === 0, 'the call ended on the adopting node');
    await until(async () => (await recordOf(callId)).length === 1, 'the call record');
    expect((await recordOf(callId))[0]).toMatchObject({ endReason: 'no_answer', connectedAt: null });
  });

  it('tells the resident’s kiosk that comes back after its handed-over call escalated that nobody could answer, with the fallback number', async () => {
    const w = await careWorld(two.a);
    await savePoolSettings(two.a.cloud.db.db, w.pool.id, { fallbackPhone: '+45 33 66 33 66' }, new Date());
    const c = await nodeC();
    const device = await enrolKiosk(c, w.resident.id, `DRAIN-ESC-${Date.now()}`);
    const kioskOn = (t: TestCloud) => kioskSession(t, device, { clean: false });
    // The kiosk's session on B exists from before, as every node's does in production (aedes-persistence-redis):
    // what B sends it on its return is not lost to its SUBSCRIBE coming a moment after the CONNECT.
    await (await kioskOn(two.b)).client.endAsync();
    // The kiosk's link is on node C; the only console is on A.
    const watch = await consoleOnA(w, c);
    const callId = await placeFromKiosk(await kioskOn(c), watch, w.pool.id, 'drain6');

    // C is drained: the call is adopted and rings again; the kiosk's link went with C.
    await drainAndRingAgain(c, watch, callId);
    await until(
      async () =>
        !(await two.a.cloud.calls.citizenReachable(w.resident.id)) &&
        !(await two.b.cloud.calls.citizenReachable(w.resident.id)),
      'the kiosk away on both nodes',
    );
    // The console goes too: nobody on duty is reachable, the call escalates (to the number) while the kiosk is away.
    watch.ws.close();
    // After the member's reconnect grace (pool-presence.ts RECONNECT_GRACE_MS, 6 s): their console may have reloaded.
    await until(
      async () => (await nightWatchRow(callId))?.reason === 'nobody_on_duty',
      'the call escalated',
      15_000,
    );
    await until(() => survivors().length === 0, 'the call ended on the adopting node');
    // Written once the adopting node ended it, a moment after the call left its memory (as in the test above).
    await until(async () => (await recordOf(callId)).length === 1, 'the call record');
    expect(await recordOf(callId)).toMatchObject([{ endReason: 'no_answer', connectedAt: null }]);
    // The refusal goes out right after its audit entry is written: the kiosk is still away then.
    const refusals = () =>
      two.a.cloud.db.db
        .select()
        .from(auditLogTable)
        .where(and(eq(auditLogTable.action, 'call.refused'), eq(auditLogTable.actorId, device.deviceId)));
    await until(async () => (await refusals()).length === 1, 'the refusal audited');
    await new Promise((r) => setTimeout(r, 300));
    const back = await kioskOn(two.b);
    await until(
      () => back.down.some((m) => m.type === 'call.refused'),
      'the refusal on the kiosk that came back',
    );
    expect(back.down.find((m) => m.type === 'call.refused')).toMatchObject({
      requestId: 'drain6',
      code: 'nobody_on_duty',
      fallbackPhone: '+45 33 66 33 66',
    });
    await back.client.endAsync(true);
  });

  it('ends an ordinary call that was still ringing with a reason to the side still connected, and records it once', async () => {
    const w = await careWorld(two.a);
    const c = await nodeC();
    const home = await connect(two.a, w.home);
    await until(() => c.cloud.calls.citizenReachable(w.home.id), 'the citizen on A seen from C');
    const nurse = await connect(c, w.nurse);
    nurse.send({ type: 'call.place', requestId: 'drain3', to: { kind: 'citizen', id: w.home.id } });
    const { callId } = await nurse.next('call.ringing');
    await home.next('call.incoming', (m) => m.callId === callId);

    await c.close();
    expect(await home.next('call.ended', (m) => m.callId === callId)).toMatchObject({ reason: 'failed' });
    await until(async () => (await recordOf(callId)).length === 1, 'the call record');
    expect((await recordOf(callId))[0]).toMatchObject({ endReason: 'failed', connectedAt: null });
    expect(survivors()).toEqual([]);
    home.ws.close();
  });
});
