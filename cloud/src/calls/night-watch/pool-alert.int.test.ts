import { FakeClock } from '@screenvisit/protocol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careWorld, connect, until } from '../../../test/kits/calls.js';
import { reply, startProviderDouble } from '../../../test/kits/delivery-provider-double.js';
import {
  type CareWorld,
  unreachableEntries as entriesOf,
  SYSTEM_ACTOR as system,
} from '../../../test/kits/night-watch.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { goOffDuty, savePoolSettings } from '../../care/index.js';
import { loadCloudConfig } from '../../kernel/config.js';
import { RECONNECT_GRACE_MS } from './pool-presence.js';

/** A member's last console closing is raised once their reconnect grace has run out (this suite's clock is real). */
const AFTER_GRACE_MS = RECONNECT_GRACE_MS + 5_000;

// The SMS goes to a LOCAL DOUBLE of GatewayAPI's POST /rest/mtsms (test/kits/delivery-provider-double.ts);
// no real SMS is sent.
let t: TestCloud;
let double: Awaited<ReturnType<typeof startProviderDouble>>;
beforeAll(async () => {
  double = await startProviderDouble((_req, res) => reply(res, 200, { ids: [777], usage: {} }));
  t = await startTestCloud({ SMS_GATEWAY_TOKEN: 'alert-token', SMS_GATEWAY_URL: double.url });
});
afterAll(async () => {
  await t?.close();
  await double?.close();
});

/** Both members on duty with a console open; a first call makes this node route the pool; then both leave. */
async function strandedPool(alertPhone: string | null) {
  const w = await careWorld(t);
  await savePoolSettings(t.cloud.db.db, w.pool.id, { alertPhone }, new Date());
  const a = await connect(t, w.watchA);
  const b = await connect(t, w.watchB);
  const resident = await connect(t, w.resident);
  resident.send({ type: 'call.place', requestId: 'warm', to: { kind: 'pool', id: w.pool.id } });
  const { callId } = await a.next('call.incoming');
  resident.send({ type: 'call.hangup', callId });
  await resident.next('call.ended');
  a.ws.close();
  b.ws.close();
  const audited = async () => (await entriesOf(t, w.pool.id))[0];
  await until(async () => (await audited()) !== undefined, 'the unreachable audit entry', AFTER_GRACE_MS);
  resident.ws.close();
  return { w, entry: (await audited())! };
}

/** watchA watches with a console open, then their account is closed mid-watch: the SMS and the audit entry. */
async function watchALosesAccess(w: CareWorld, alertPhone: string) {
  const before = double.requests.length;
  await savePoolSettings(t.cloud.db.db, w.pool.id, { alertPhone }, new Date());
  await connect(t, w.watchA);
  await t.cloud.records.deactivator.disableStaff(w.municipalityId, w.watchA.id, system, 'support');
  await until(async () => (await unreachableEntries(w.pool.id)).length === 1, 'the unreachable audit entry');
  await until(() => double.requests.length === before + 1, 'the SMS');
  const { message } = JSON.parse(double.requests.at(-1)!.body) as { message: string };
  return { sms: message, entry: (await unreachableEntries(w.pool.id))[0]! };
}

/** The audit entries saying this pool became unreachable. */
const unreachableEntries = (poolUnitId: string) => entriesOf(t, poolUnitId);

describe('a night-watch pool with people on duty but nobody reachable', () => {
  it('alerts for a pool no call has touched since the node started when its last console closes and stays away for the reconnect grace', async () => {
    const before = double.requests.length;
    const w = await careWorld(t);
    await savePoolSettings(t.cloud.db.db, w.pool.id, { alertPhone: '+4520304051' }, new Date());
    const a = await connect(t, w.watchA);
    const b = await connect(t, w.watchB);
    a.ws.close();
    expect(await unreachableEntries(w.pool.id)).toEqual([]);
    b.ws.close();
    // Not at once: a console reloading is back within the grace (console-reload.int.test.ts).
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await unreachableEntries(w.pool.id)).toEqual([]);
    await until(
      async () => (await unreachableEntries(w.pool.id)).length === 1,
      'the unreachable audit entry',
      AFTER_GRACE_MS,
    );
    await until(() => double.requests.length === before + 1, 'the SMS');
    expect(JSON.parse(double.requests.at(-1)!.body)).toMatchObject({ recipients: [{ msisdn: 4520304051 }] });
  });

  it('alerts for a pool whose members went on duty before any console connected, on the next presence change anywhere', async () => {
    // As after a restart: the duty periods are in the database, no console of the pool is connected, and no
    // call or duty change has touched the pool on this node. Someone else's console connecting is enough.
    const w = await careWorld(t);
    const someoneElse = await connect(t, w.nurse);
    await until(
      async () => (await unreachableEntries(w.pool.id)).length === 1,
      'the unreachable audit entry',
    );
    expect((await unreachableEntries(w.pool.id))[0]!.details).toMatchObject({ onDuty: 2 });
    // Raised once: more presence changes while it stays unreachable add nothing.
    const again = await connect(t, w.nurse);
    again.ws.close();
    someoneElse.ws.close();
    const c = await connect(t, w.stranger);
    c.ws.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(await unreachableEntries(w.pool.id)).toHaveLength(1);
  });

  it("texts the pool's responsible person once the consoles stayed away for the reconnect grace, and records that the SMS went out", async () => {
    const before = double.requests.length;
    const { entry } = await strandedPool('+4520304050');
    expect(double.requests.length).toBe(before + 1);
    const sms = JSON.parse(double.requests.at(-1)!.body) as {
      message: string;
      recipients: { msisdn: number }[];
    };
    expect(sms.recipients).toEqual([{ msisdn: 4520304050 }]);
    expect(sms.message).toContain('"night_watch_pool" kan ikke nås. 2 er på vagt');
    // Nobody's name in an SMS: not the members', not the resident's.
    expect(sms.message).not.toMatch(/Jonas|Ida|Aase/);
    expect(entry.details).toEqual({ onDuty: 2, sms: { sent: true, via: 'gatewayapi', providerRef: '777' } });
    expect(JSON.stringify(entry.details)).not.toContain('20304050');
  });

  it('counts in its SMS only the members on duty who can still answer: one whose account was closed mid-watch is none to chase', async () => {
    // watchB is on duty too, with no console.
    const { sms, entry } = await watchALosesAccess(await careWorld(t), '+4520304052');
    // Before, the closed account was one of "2 er på vagt": one the responsible person could not get back.
    expect(sms).toContain('kan ikke nås. 1 er på vagt, men ingen konsol er forbundet');
    // The audit keeps the roster's count (support's page lists the closed account as on duty, not connected).
    expect(entry.details).toMatchObject({ onDuty: 2, accessEnded: 1 });
  });

  it('still raises the pool when its last member on duty loses access, and asks for a replacement', async () => {
    // Counted as nobody on duty, the pool would be "the roster's business" and nobody would be told, though
    // the watch was covered a moment ago and a resident's button now reaches the fallback only.
    const w = await careWorld(t);
    await goOffDuty(t.cloud.db.db, { poolUnitId: w.pool.id, staffId: w.watchB.id, at: new Date() });
    const { sms, entry } = await watchALosesAccess(w, '+4520304053');
    expect(sms).toBe(
      'ScreenVisit: Nattevagten "night_watch_pool" kan ikke nås. Alle på vagt har fået lukket deres adgang. Opkald går til reserven. Find en afløser nu.',
    );
    expect(entry.details).toMatchObject({ onDuty: 1, accessEnded: 1 });
  });

  it('records that no SMS could be sent when the pool names no responsible mobile', async () => {
    const before = double.requests.length;
    const { entry } = await strandedPool(null);
    expect(double.requests.length).toBe(before);
    expect(entry.details).toEqual({ onDuty: 2, sms: { sent: false, reason: 'no_alert_phone' } });
  });
});

describe('a node that starts while people are on duty and no console comes back', () => {
  /** A fresh node with people on duty and no console: nothing `quietMs` after start, the alert 1 s later. */
  async function raisedAfterStart(env: Record<string, string>, quietMs: number) {
    const clock = new FakeClock(Date.now());
    const restarted = await startTestCloud(env, { clock });
    try {
      const w = await careWorld(restarted);
      const entries = () => entriesOf(restarted, w.pool.id);
      await clock.advanceSettling(quietMs);
      expect(await entries()).toEqual([]);
      await clock.advanceSettling(1_000);
      await until(async () => (await entries()).length === 1, 'the unreachable audit entry');
    } finally {
      await restarted.close();
    }
  }

  it('raises the pool a minute after start without any console connecting', async () => {
    await raisedAfterStart({}, 59_000);
  });

  it('takes the delay from NIGHT_WATCH_STARTUP_CHECK_SECONDS, and refuses a value that is not whole seconds', async () => {
    for (const bad of ['-1', '1.5', 'soon'])
      expect(() =>
        loadCloudConfig({ DATA_DIR: '/tmp/unused', NIGHT_WATCH_STARTUP_CHECK_SECONDS: bad }),
      ).toThrow(/NIGHT_WATCH_STARTUP_CHECK_SECONDS/);
    await raisedAfterStart({ NIGHT_WATCH_STARTUP_CHECK_SECONDS: '5' }, 4_000);
  });
});
