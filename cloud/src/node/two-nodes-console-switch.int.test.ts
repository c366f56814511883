import { describe, expect, it } from 'vitest';
import { careWorld, connect, until } from '../../test/kits/calls.js';
import { call, enrolTotp, member } from '../../test/kits/care.js';
import { twoNodesSuite } from '../../test/kits/two-nodes.js';

/** A shared night-watch console switching person while a resident's call homed on the other node rings. */
const two = await twoNodesSuite();
describe.runIf(two.run)('a console switch across two cloud nodes', () => {
  it('keeps the resident’s call homed on the other node ringing until the next person’s console connects, and rings it there', async () => {
    const w = await careWorld(two.a);
    // watchB is on duty with no console (unreachable): only the console on A can answer.
    const onA = await connect(two.a, w.watchA);
    await until(() => two.b.cloud.calls.reachable(w.watchA.id), 'console on A seen from B');
    const resident = await connect(two.b, w.resident);
    try {
      resident.send({ type: 'call.place', requestId: 'sw1', to: { kind: 'pool', id: w.pool.id } });
      const { callId } = await resident.next('call.ringing');
      await onA.next('call.incoming', (m) => m.callId === callId);

      // The switch is made on A; the call's router is on B, which hears of the handover over Redis.
      const next = await member(two.a, w.municipalityId, 'staff', [w.pool.id]);
      const totp = await enrolTotp(two.a, next.id);
      const switched = await call(two.a, onA.session.headers, 'POST', '/api/night-watch/console/switch', {
        username: next.username,
        code: await totp.code(),
        previousOffDuty: true,
      });
      expect(switched.status).toBe(200);
      onA.ws.close();
      await until(() => !two.b.cloud.calls.reachable(w.watchA.id), 'the old console gone, seen from B');
      await new Promise((r) => setTimeout(r, 300));
      expect(resident.messages.filter((m) => m.type === 'call.refused' || m.type === 'call.ended')).toEqual(
        [],
      );

      const console2 = await connect(two.a, { ...next.subject, surface: 'nightwatch' });
      await console2.next('call.incoming', (m) => m.callId === callId);
      console2.send({ type: 'call.accept', callId });
      await resident.next('call.accepted', (m) => m.callId === callId);
      console2.ws.close();
    } finally {
      for (const { callId } of two.b.cloud.calls.liveCalls()) resident.send({ type: 'call.hangup', callId });
      await until(() => two.b.cloud.calls.liveCalls().length === 0, 'no live call left on B');
      resident.ws.close();
    }
  });
});
