import { describe, expect, it } from 'vitest';
import { createMunicipality, createStaff } from '../../test/fixtures.js';
import { careWorld, connect, until } from '../../test/kits/calls.js';
import { send } from '../../test/kits/http-client.js';
import type { CareWorld } from '../../test/kits/night-watch.js';
import { enrolKiosk, type KioskSession, kioskSession, twoNodesSuite } from '../../test/kits/two-nodes.js';
import type { TestCloud } from '../../test/test-cloud.js';
import { hashPassword } from '../auth/password/hashing.js';
import { ACCOUNT_POLICY } from '../auth/throttle/policy.js';
import { KIOSK_ICE_REQUESTS_PER_MINUTE } from '../calls/ice-refresh.js';

/**
 * Limits counted across the nodes (issue 14; cluster/limiters.ts, RateLimiterRedis through the MakeLimiter port):
 * each node of test/kits/two-nodes.ts takes its limiters from REDIS_URL as a production node does, so a kiosk or a
 * guesser that moves to the other node brings its count along. Two real processes behind HAProxy:
 * test/cluster/two-nodes.int.test.ts.
 */
const two = await twoNodesSuite();

const rtcConfigs = (kiosk: KioskSession) => kiosk.down.filter((m) => m.type === 'rtc.config').length;
const refusals = (kiosk: KioskSession) =>
  kiosk.down.filter((m) => m.type === 'error' && m.code === 'rate_limited').length;

/** The nurse's page on node `t` calls the kiosk's citizen and the kiosk answers; the test hangs up. */
async function answeredCall(t: TestCloud, w: CareWorld, kiosk: KioskSession, requestId: string) {
  await until(() => t.cloud.calls.citizenReachable(w.home.id), `the kiosk seen from ${t.cloud.nodeId}`);
  const nurse = await connect(t, w.nurse);
  nurse.send({ type: 'call.place', requestId, to: { kind: 'citizen', id: w.home.id } });
  const { callId } = await nurse.next('call.ringing');
  await until(
    () => kiosk.down.some((m) => m.type === 'call.incoming' && m.callId === callId),
    'the kiosk ringing',
  );
  await kiosk.up({ type: 'call.accept', callId });
  await nurse.next('call.accepted');
  await until(
    () => kiosk.down.some((m) => m.type === 'call.accepted' && m.callId === callId),
    'call.accepted on the kiosk',
  );
  return { nurse, callId };
}

describe.runIf(two.run)('limits counted across two cloud nodes', () => {
  it('refuses on node B the ICE-server requests of a kiosk that used up its minute’s on node A', async () => {
    const w = await careWorld(two.a);
    const device = await enrolKiosk(two.a, w.home.id);
    // On node A, in a call homed on A, the kiosk restarts ICE in a loop and asks for fresh servers each time: the
    // minute's limit is answered (besides the servers that came with call.accepted).
    const onA = await kioskSession(two.a, device);
    const first = await answeredCall(two.a, w, onA, 'ice-on-a');
    for (let i = 0; i < KIOSK_ICE_REQUESTS_PER_MINUTE; i++)
      await onA.up({ type: 'rtc.config.request', callId: first.callId });
    await until(() => rtcConfigs(onA) === 1 + KIOSK_ICE_REQUESTS_PER_MINUTE, 'every request answered on A');
    expect(refusals(onA)).toBe(0);
    first.nurse.send({ type: 'call.hangup', callId: first.callId });
    await onA.next('call.ended');
    first.nurse.ws.close();
    await onA.client.endAsync();

    // Within the minute it comes back through HAProxy to node B and the nurse calls again from a page there: a
    // call homed on B, so B's limiter is the one asked (a request about a call homed on A goes to A's).
    const onB = await kioskSession(two.b, device);
    const second = await answeredCall(two.b, w, onB, 'ice-on-b');
    await onB.up({ type: 'rtc.config.request', callId: second.callId });
    await until(() => rtcConfigs(onB) + refusals(onB) === 2, 'B’s answer to the request');
    // Counted per node, B answered it with fresh servers: the kiosk got the limit again on every node it reached.
    expect(rtcConfigs(onB)).toBe(1);
    expect(refusals(onB)).toBe(1);
    second.nurse.send({ type: 'call.hangup', callId: second.callId });
    await onB.next('call.ended');
    second.nurse.ws.close();
    await onB.client.endAsync();
  });

  it('counts a staff member’s wrong passwords on both nodes together: the one after the free failures waits, whichever node it reaches', async () => {
    const { id: municipalityId } = await createMunicipality(two.a);
    const staff = await createStaff(two.a, municipalityId, 'staff', {
      passwordHash: await hashPassword('Rigtig-Kode-Til-Lars-47'),
      passwordChangedAt: new Date(),
    });
    const attempt = (t: TestCloud) =>
      send(t.base, '/api/auth/login', {
        body: { username: staff.username, password: 'forkert-kode', municipalityId },
      });
    // The free failures (auth/throttle/policy.ts) alternate between the nodes, as HAProxy may spread a guesser's
    // requests: A sees three, B two.
    for (let i = 0; i < ACCOUNT_POLICY.freeFailures; i++)
      expect((await attempt(i % 2 ? two.b : two.a)).status).toBe(401);
    // Counted per node, B had seen two failures and checked this password too.
    const next = await attempt(two.b);
    expect(next.status).toBe(429);
    expect(Number(next.headers['retry-after'])).toBeGreaterThan(0);
  });
});
