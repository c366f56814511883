import { FakeClock } from '@screenvisit/protocol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, until } from '../../../test/kits/calls.js';
import { call, enrolTotp, member } from '../../../test/kits/care.js';
import {
  consoleGoes,
  endings as ended,
  unreachableEntries as entries,
  ringingAtWatchA,
} from '../../../test/kits/night-watch.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { HANDOVER_HOLD_MS } from './pool-presence.js';

const clock = new FakeClock(Date.now());
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ CALL_PERMISSION_RECHECK_SECONDS: '0' }, { clock });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

const SWITCH = '/api/night-watch/console/switch';

/** The audit entries saying this pool became unreachable (the alert's SMS goes with them). */
const unreachableEntries = (poolUnitId: string) => entries(t, poolUnitId);

/**
 * One console on duty (watchA's; watchB is on duty with no console, so unreachable), a resident's call ringing
 * on it, and the console switched to the next member of the pool, who takes over the watch. The old page's
 * socket closes after the switch, as the browser's does (main.tsx remounts the console for the new session).
 */
async function switchWhileRinging() {
  const { w, a, resident, callId } = await ringingAtWatchA(t, 'h1', new Date(clock.now()));
  const next = await member(t, w.municipalityId, 'staff', [w.pool.id]);
  const totp = await enrolTotp(t, next.id);
  const switched = await call(t, a.session.headers, 'POST', SWITCH, {
    username: next.username,
    code: await totp.code(),
    previousOffDuty: true,
  });
  expect(switched.status).toBe(200);
  await consoleGoes(t, a, w.watchA.id);
  return { w, resident, callId, next };
}

describe('a resident’s call ringing while a shared night-watch console switches person (issue 10 §1)', () => {
  it('keeps ringing and rings at the next person’s console once it connects, instead of going to the fallback', async () => {
    const { w, resident, callId, next } = await switchWhileRinging();
    // The watch went on at the same screen: the call is not ended meanwhile (it went to the fallback before).
    await new Promise((r) => setTimeout(r, 200));
    expect(ended(resident)).toEqual([]);
    // Nor is the pool's responsible person alarmed that nobody can be reached.
    expect(await unreachableEntries(w.pool.id)).toEqual([]);

    const console2 = await connect(t, { ...next.subject, surface: 'nightwatch' });
    await console2.next('call.incoming', (m) => m.callId === callId);
    console2.send({ type: 'call.accept', callId });
    await resident.next('call.accepted', (m) => m.callId === callId);
    for (const c of [resident, console2]) c.ws.close();
  });

  it('goes to the fallback as before when the next person’s console has not connected within the hold', async () => {
    const { w, resident, callId } = await switchWhileRinging();
    await clock.advanceSettling(HANDOVER_HOLD_MS - 1_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(ended(resident)).toEqual([]);
    expect(await unreachableEntries(w.pool.id)).toEqual([]);
    await clock.advanceSettling(1_000);
    // As when nobody on duty is reachable: the resident is told, and the missed call is the fallback's.
    const refused = await resident.next('call.refused', (m) => m.requestId === 'h1');
    expect(refused.code).toBe('nobody_on_duty');
    expect(callId).toBeTruthy();
    await until(async () => (await unreachableEntries(w.pool.id)).length === 1, 'the unreachable alert');
    resident.ws.close();
  });
});
