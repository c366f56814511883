import { FakeClock } from '@screenvisit/protocol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careWorld, connect, until } from '../../../test/kits/calls.js';
import { call } from '../../../test/kits/care.js';
import {
  answeredAtWatchA,
  callThePool,
  consoleGoes,
  endings as ended,
  unreachableEntries as entries,
  ringingAtWatchA,
  secondResident,
  SYSTEM_ACTOR as system,
} from '../../../test/kits/night-watch.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { RECONNECT_GRACE_MS } from './pool-presence.js';

const clock = new FakeClock(Date.now());
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ CALL_PERMISSION_RECHECK_SECONDS: '0' }, { clock });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** How many times this pool became unreachable (the alert's SMS goes with each). */
const unreachableEntries = async (poolUnitId: string) => (await entries(t, poolUnitId)).length;

/** Long enough for the presence sweep a close sets off to have run (it reads the database); no clock moves. */
const settle = () => new Promise((r) => setTimeout(r, 300));

/**
 * The pool's ONLY reachable console (watchA's; watchB is on duty with no console) has a resident's call ringing
 * when its socket closes, as a reload (F5), a browser update or a network blip closes it.
 */
async function onlyConsoleGoesWhileRinging() {
  const { w, a, resident, callId } = await ringingAtWatchA(t, 'g1', new Date(clock.now()));
  // Counted with the console there: the pool may have been raised before it connected (careWorld puts both on duty).
  const alertsBefore = await unreachableEntries(w.pool.id);
  await consoleGoes(t, a, w.watchA.id);
  await settle();
  return { w, a, resident, callId, alertsBefore };
}

describe('the only on-duty console of a pool reloading while a resident’s call rings', () => {
  it('keeps the call ringing without alerting, and rings it at the console that comes back, where it is answered', async () => {
    const { w, resident, callId, alertsBefore } = await onlyConsoleGoesWhileRinging();
    // Before, the call went to the fallback at once and the responsible person got "nobody reachable".
    expect(ended(resident)).toEqual([]);
    expect(await unreachableEntries(w.pool.id)).toBe(alertsBefore);

    await clock.advanceSettling(RECONNECT_GRACE_MS / 2);
    const back = await connect(t, w.watchA);
    await back.next('call.incoming', (m) => m.callId === callId);
    await settle();
    // The grace ended with the console's return: it still rings once the grace would have run out.
    await clock.advanceSettling(RECONNECT_GRACE_MS);
    await settle();
    expect(ended(resident)).toEqual([]);
    expect(await unreachableEntries(w.pool.id)).toBe(alertsBefore);
    back.send({ type: 'call.accept', callId });
    await resident.next('call.accepted', (m) => m.callId === callId);
    resident.send({ type: 'call.hangup', callId });
    await back.next('call.ended', (m) => m.callId === callId);
    for (const c of [resident, back]) c.ws.close();
  });

  it('goes to the fallback and alerts as before once the console has stayed away for the grace', async () => {
    const { w, resident, alertsBefore } = await onlyConsoleGoesWhileRinging();
    await clock.advanceSettling(RECONNECT_GRACE_MS - 1_000);
    await settle();
    expect(ended(resident)).toEqual([]);
    expect(await unreachableEntries(w.pool.id)).toBe(alertsBefore);

    await clock.advanceSettling(1_000);
    // As when nobody on duty is reachable: the resident is told, and the missed call is the fallback's.
    const refused = await resident.next('call.refused', (m) => m.requestId === 'g1');
    expect(refused.code).toBe('nobody_on_duty');
    await until(
      async () => (await unreachableEntries(w.pool.id)) === alertsBefore + 1,
      'the unreachable alert',
    );
    resident.ws.close();
  });

  it('rings a call placed while the console was away at the console that comes back', async () => {
    const w = await careWorld(t, new Date(clock.now()));
    const a = await connect(t, w.watchA);
    const resident = await connect(t, w.resident);
    // The check its hello set off has seen the console (a grace starts only for a console seen connected).
    await settle();
    await consoleGoes(t, a, w.watchA.id);
    await settle();
    const callId = await callThePool(resident, w.pool.id, 'g2');
    const back = await connect(t, w.watchA);
    await back.next('call.incoming', (m) => m.callId === callId);
    expect(ended(resident)).toEqual([]);
    resident.send({ type: 'call.hangup', callId });
    for (const c of [resident, back]) c.ws.close();
  });

  it('drops a member who goes off duty during the grace at once: the call goes to the fallback', async () => {
    const { w, a, resident } = await onlyConsoleGoesWhileRinging();
    expect(ended(resident)).toEqual([]);
    const off = await call(t, a.session.headers, 'POST', `/api/night-watch/pools/${w.pool.id}/duty`, {
      onDuty: false,
    });
    expect(off.status).toBe(200);
    // No clock moves: off duty does not wait out the grace.
    expect(await resident.next('call.refused', (m) => m.requestId === 'g1')).toMatchObject({
      code: 'nobody_on_duty',
    });
    resident.ws.close();
  });

  it('drops a member whose access ends during the grace at once: the call goes to the fallback', async () => {
    const { w, resident } = await onlyConsoleGoesWhileRinging();
    expect(ended(resident)).toEqual([]);
    await t.cloud.records.deactivator.disableStaff(w.municipalityId, w.watchA.id, system, 'support');
    expect(await resident.next('call.refused', (m) => m.requestId === 'g1')).toMatchObject({
      code: 'nobody_on_duty',
    });
    resident.ws.close();
  });

  it('gives no grace to a member disabled with the console open: the pool is raised at once when it closes', async () => {
    const { w, resident } = await ringingAtWatchA(t, 'g3', new Date(clock.now()));
    const alertsBefore = await unreachableEntries(w.pool.id);
    // Disabling ends the member's ring, then cuts their socket (the Deactivator); they stay on duty in the rows.
    await t.cloud.records.deactivator.disableStaff(w.municipalityId, w.watchA.id, system, 'support');
    expect(await resident.next('call.refused', (m) => m.requestId === 'g3')).toMatchObject({
      code: 'nobody_on_duty',
    });
    await until(() => !t.cloud.calls.reachable(w.watchA.id), 'the console cut');
    // No clock moves: the closing socket of a disabled member is no reload to wait for.
    await until(
      async () => (await unreachableEntries(w.pool.id)) === alertsBefore + 1,
      'the unreachable alert',
    );
    resident.ws.close();
  });
});

/** A resident's pool call answered at watchA's console (the pool's only reachable one), then that console closes. */
async function onlyConsoleGoesInACall() {
  const { w, a, resident, callId } = await answeredAtWatchA(t, 'r1', new Date(clock.now()));
  const alertsBefore = await unreachableEntries(w.pool.id);
  await consoleGoes(t, a, w.watchA.id);
  await settle();
  return { w, a, resident, callId, alertsBefore };
}

const accepted = (c: { messages: { type: string }[] }) =>
  c.messages.filter((m) => m.type === 'call.accepted');

describe('the console reloading in a call with a resident', () => {
  it('takes the same call back with its resume token: the resident hears `call.accepted` again and never leaves', async () => {
    const { w, a, resident, callId } = await onlyConsoleGoesInACall();
    await clock.advanceSettling(RECONNECT_GRACE_MS / 2);
    const back = await connect(t, w.watchA, a.resumeToken);
    // Both sides are told the call is on again: the resident's page (the caller) restarts ICE on it.
    await back.next('call.accepted', (m) => m.callId === callId);
    await until(() => accepted(resident).length === 2, 'the repeated call.accepted');
    expect(ended(resident)).toEqual([]);
    back.send({ type: 'call.hangup', callId });
    await resident.next('call.ended', (m) => m.callId === callId);
    for (const c of [resident, back]) c.ws.close();
  });

  it('keeps the member busy when the console came back after the reconnect grace: the next resident waits in the queue', async () => {
    const { w, a, resident, callId } = await onlyConsoleGoesInACall();
    const second = await secondResident(t, w, clock.now());
    // Away longer than the pool's reconnect grace (the member drops from the ring), within the call's own.
    await clock.advanceSettling(RECONNECT_GRACE_MS + 1_000);
    await settle();
    expect(ended(resident)).toEqual([]);
    const back = await connect(t, w.watchA, a.resumeToken);
    await back.next('call.accepted', (m) => m.callId === callId);
    await settle();

    const waiting = await connect(t, second);
    const queued = await callThePool(waiting, w.pool.id, 'r2');
    await settle();
    // Busy in the resumed call: not rung (before, the console rang as if free, and the call passed on from there).
    expect(back.messages.filter((m) => m.type === 'call.incoming')).toEqual([]);
    expect(ended(waiting)).toEqual([]);

    back.send({ type: 'call.hangup', callId });
    await back.next('call.incoming', (m) => m.callId === queued);
    waiting.send({ type: 'call.hangup', callId: queued });
    for (const c of [resident, back, waiting]) c.ws.close();
  });

  it('does not alert while the console is away past the reconnect grace in the call, and alerts once the call ends without it', async () => {
    const { w, resident, callId, alertsBefore } = await onlyConsoleGoesInACall();
    // A network blip longer than the pool's grace: the picture goes on peer to peer, and the member comes back
    // into the call within its resume grace. Before, the responsible person was texted "nobody reachable" here.
    await clock.advanceSettling(RECONNECT_GRACE_MS + 1_000);
    await settle();
    expect(ended(resident)).toEqual([]);
    expect(await unreachableEntries(w.pool.id)).toBe(alertsBefore);

    // The call's own resume grace runs out without the console: the call ends, and nobody reachable is left.
    await clock.advanceSettling(t.config.CALL_RECONNECT_GRACE_SECONDS * 1_000 - RECONNECT_GRACE_MS - 1_000);
    await resident.next('call.ended', (m) => m.callId === callId);
    await until(
      async () => (await unreachableEntries(w.pool.id)) === alertsBefore + 1,
      'the unreachable alert',
    );
    resident.ws.close();
  });
});
