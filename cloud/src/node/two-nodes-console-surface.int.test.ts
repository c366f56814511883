import { describe, expect, it } from 'vitest';
import { careWorld, connect, dayPage, until } from '../../test/kits/calls.js';
import { callThePool, hangUpEverythingOn, unreachableEntries } from '../../test/kits/night-watch.js';
import { twoNodesSuite } from '../../test/kits/two-nodes.js';
import { goOffDuty } from '../care/index.js';

/**
 * Only a night-watch console counts, on every node (calls/night-watch/console-sockets.ts): the surface a socket
 * declared at open travels with its registry entry (realtime/cluster/redis-registry.ts), so the node a
 * resident's call is homed on rings the member's console on the other node and never their day page there.
 */
const two = await twoNodesSuite();
describe.runIf(two.run)("a night-watch member's sockets across two cloud nodes", () => {
  it('counts a day page on the other node for nothing, and its console there as reachable, ringing only the console', async () => {
    const w = await careWorld(two.a);
    await goOffDuty(two.a.cloud.db.db, { poolUnitId: w.pool.id, staffId: w.watchB.id, at: new Date() });
    const day = await connect(two.a, dayPage(w.watchA));
    const resident = await connect(two.b, w.resident);
    let console: Awaited<ReturnType<typeof connect>> | undefined;
    try {
      // B sees the day page (the registry is the whole cluster's) and counts nobody reachable: the pool is raised.
      await until(() => two.b.cloud.calls.reachable(w.watchA.id) === false, 'B reading the day page');
      await until(async () => (await unreachableEntries(two.b, w.pool.id)).length === 1, 'the alert');
      expect(two.a.cloud.calls.reachable(w.watchA.id)).toBe(false);

      console = await connect(two.a, w.watchA);
      await until(() => two.b.cloud.calls.reachable(w.watchA.id), 'B seeing the console on A');
      const callId = await callThePool(resident, w.pool.id, 'two-surfaces');
      await console.next('call.incoming', (m) => m.callId === callId);
      resident.send({ type: 'call.hangup', callId });
      await console.next('call.ended', (m) => m.callId === callId);
      expect(day.has('call.incoming')).toBe(false);
    } finally {
      await hangUpEverythingOn(two.b, resident);
      for (const c of [day, resident, ...(console ? [console] : [])]) c.ws.close();
    }
  });
});
