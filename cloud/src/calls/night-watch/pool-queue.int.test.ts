import { FakeClock } from '@screenvisit/protocol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor } from '../../../test/fixtures.js';
import { careWorld, connect, until } from '../../../test/kits/calls.js';
import { answeredAtWatchA, callThePool, secondResident } from '../../../test/kits/night-watch.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';

const clock = new FakeClock(Date.now());
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ CALL_PERMISSION_RECHECK_SECONDS: '0' }, { clock });
});
afterAll(async () => {
  await t?.close();
});

describe('the visible night-watch queue (issue 4 §3)', () => {
  it('shows a call waiting while the only member is busy, then rings them when they hang up', async () => {
    // Both are on duty, only watchA has a console open: one member who can answer.
    const { w, a, resident: first, callId: busyCall } = await answeredAtWatchA(t, 'q1');
    const second = await secondResident(t, w, clock.now());

    const { headers } = await sessionFor(t, w.watchA);
    const queue = async () => {
      const res = await fetch(`${t.base}/api/night-watch/pools/${w.pool.id}/queue`, { headers });
      expect(res.status).toBe(200);
      return (await res.json()) as {
        callId: string;
        citizenId: string;
        citizenName: string;
        position: number;
        waitingSince: string;
      }[];
    };
    expect(await queue()).toEqual([]);

    const waiting = await connect(t, second);
    const queuedCall = await callThePool(waiting, w.pool.id, 'q2');
    await until(async () => (await queue()).length === 1, 'the queued call');
    expect(await queue()).toEqual([
      {
        callId: queuedCall,
        citizenId: second.id,
        citizenName: 'Poul Beboer',
        position: 1,
        waitingSince: new Date(clock.now()).toISOString(),
      },
    ]);
    // A busy member is never rung: watchA still has only the first call's offer.
    expect(a.messages.filter((m) => m.type === 'call.incoming')).toHaveLength(1);

    a.send({ type: 'call.hangup', callId: busyCall });
    // The ring names the resident's facility, never the resident (issue 10: locked consoles ring too).
    expect(await a.next('call.incoming', (m) => m.callId === queuedCall)).toMatchObject({
      displayName: w.facility.name,
    });
    expect(await queue()).toEqual([]);
    for (const c of [a, first, waiting]) c.ws.close();
  });

  it('shows the queue only to the pool’s members and support', async () => {
    const w = await careWorld(t);
    const { headers } = await sessionFor(t, w.nurse);
    const res = await fetch(`${t.base}/api/night-watch/pools/${w.pool.id}/queue`, { headers });
    expect(res.status).toBe(403);
  });
});
