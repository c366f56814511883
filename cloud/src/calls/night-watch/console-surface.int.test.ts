import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careWorld, connect, dayPage, until } from '../../../test/kits/calls.js';
import { reply, startProviderDouble } from '../../../test/kits/delivery-provider-double.js';
import { callThePool, endings, unreachableEntries } from '../../../test/kits/night-watch.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { goOffDuty, savePoolSettings } from '../../care/index.js';

// The SMS goes to a LOCAL DOUBLE of GatewayAPI's POST /rest/mtsms (test/kits/delivery-provider-double.ts).
let t: TestCloud;
let double: Awaited<ReturnType<typeof startProviderDouble>>;
beforeAll(async () => {
  double = await startProviderDouble((_req, res) => reply(res, 200, { ids: [778], usage: {} }));
  t = await startTestCloud({ SMS_GATEWAY_TOKEN: 'alert-token', SMS_GATEWAY_URL: double.url });
});
afterAll(async () => {
  await t?.close();
  await double?.close();
});

/** A pool with watchA alone on duty (watchB went off) and a responsible mobile to text. */
async function watchAAloneOnDuty(alertPhone: string) {
  const w = await careWorld(t);
  await goOffDuty(t.cloud.db.db, { poolUnitId: w.pool.id, staffId: w.watchB.id, at: new Date() });
  await savePoolSettings(t.cloud.db.db, w.pool.id, { alertPhone }, new Date());
  return w;
}

/**
 * Only the night-watch console counts (calls/night-watch/console-sockets.ts): a member on duty who went home with
 * the day page (the staff app) open kept the pool "reachable" before, so nobody was texted while a resident's
 * button rang a screen nobody was at.
 */
describe("a night-watch member's sockets: only the console page counts", () => {
  it('counts an on-duty member with only a day page open as unreachable: the pool is raised and texted, and a resident’s call goes to the fallback without ringing the day page', async () => {
    const before = double.requests.length;
    const w = await watchAAloneOnDuty('+4520304060');
    const day = await connect(t, dayPage(w.watchA));
    const resident = await connect(t, w.resident);
    try {
      // The day page's hello re-checks the pool: nobody reachable.
      await until(async () => (await unreachableEntries(t, w.pool.id)).length === 1, 'the unreachable alert');
      await until(() => double.requests.length === before + 1, 'the SMS');
      const sms = JSON.parse(double.requests.at(-1)!.body) as { message: string };
      expect(sms.message).toContain('1 er på vagt, men ingen konsol er forbundet');
      // Support's on-duty list says "not connected" too (care/night-watch/pool-admin.ts).
      expect(t.cloud.calls.reachable(w.watchA.id)).toBe(false);
      // The resident is told at once that the watch cannot be reached (the fallback's number), not left ringing.
      resident.send({ type: 'call.place', requestId: 'day-only', to: { kind: 'pool', id: w.pool.id } });
      await until(() => endings(resident).length > 0, "the resident's call to end");
      expect(endings(resident)[0]).toMatchObject({ type: 'call.refused', code: 'nobody_on_duty' });
      expect(day.has('call.incoming')).toBe(false);
    } finally {
      for (const c of [day, resident]) c.ws.close();
    }
  });

  it('counts the same member reachable once their night-watch console is open, and rings the console, not the day page', async () => {
    const before = double.requests.length;
    const w = await watchAAloneOnDuty('+4520304061');
    const console = await connect(t, w.watchA);
    const day = await connect(t, dayPage(w.watchA));
    const resident = await connect(t, w.resident);
    try {
      expect(t.cloud.calls.reachable(w.watchA.id)).toBe(true);
      const callId = await callThePool(resident, w.pool.id, 'with-console');
      await console.next('call.incoming', (m) => m.callId === callId);
      resident.send({ type: 'call.hangup', callId });
      await console.next('call.ended', (m) => m.callId === callId);
      expect(day.has('call.incoming')).toBe(false);
      expect(await unreachableEntries(t, w.pool.id)).toEqual([]);
      expect(double.requests.length).toBe(before);
      // The console closing leaves only the day page, which makes nobody reachable.
      console.ws.close();
      await until(() => !t.cloud.calls.reachable(w.watchA.id), 'the console gone');
    } finally {
      for (const c of [day, console, resident]) c.ws.close();
    }
  });

  it('treats a surface it does not know as a page that declares nothing, without refusing the socket', async () => {
    const w = await watchAAloneOnDuty('+4520304062');
    const odd = await connect(t, { ...dayPage(w.watchA), surface: 'wallboard' as never });
    try {
      expect(odd.has('welcome')).toBe(true);
      expect(t.cloud.calls.reachable(w.watchA.id)).toBe(false);
    } finally {
      odd.ws.close();
    }
  });
});
