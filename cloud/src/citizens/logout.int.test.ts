import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Desk,
  fakeClock,
  newCitizen,
  smsCode,
  supportDesk,
  TestBrowser,
} from '../../test/kits/citizens.js';
import { openWs } from '../../test/kits/ws.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, pushSubscriptionsTable } from '../db/index.js';
import { CLOSE_SESSION_ENDED } from '../realtime/ws/sockets.js';

/** A push subscription as PushSubscription.toJSON() gives it (the keys only have to be well formed here). */
const subscription = (n: number) => ({
  endpoint: `https://push.example/send/logout-${n}`,
  keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
});

describe('"Log ud" on a citizen\'s own phone, tablet or PC', () => {
  const clock = fakeClock();
  let t: TestCloud;
  let desk: Desk;

  beforeAll(async () => {
    t = await startTestCloud({}, { clock });
    desk = await supportDesk(t, {}, clock);
  });
  afterAll(() => t.close());

  it('ends her session, closes her sockets, deletes her push subscription, and the borrowed device no longer logs her in', async () => {
    const id = await newCitizen(desk, 'Else Låner');
    const { code } = await smsCode(desk, id);
    const browser = new TestBrowser(t);
    expect((await browser.login('/api/citizen/activate', { code })).status).toBe(200);
    const saved = await browser.fetch('PUT', '/api/citizen/push/subscription', subscription(1));
    expect(saved.status).toBe(204);
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const socket = await openWs(t, { cookie, origin: t.base });

    const out = await browser.fetch('POST', '/api/citizen/logout');
    expect(out.status).toBe(204);

    const closed = await Promise.race([
      socket.closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000)),
    ]);
    expect(closed?.code).toBe(CLOSE_SESSION_ENDED);
    expect((await browser.fetch('GET', '/api/citizen/me')).status).toBe(401);
    // The next person at the device finds the code form, not her page: the browser is no longer bound.
    browser.csrf = undefined;
    expect((await browser.login('/api/citizen/session')).status).toBe(401);
    const rows = await t.cloud.db.db
      .select()
      .from(pushSubscriptionsTable)
      .where(eq(pushSubscriptionsTable.endpoint, subscription(1).endpoint));
    expect(rows).toEqual([]);
    const [audit] = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'citizen.logout'));
    expect(audit).toMatchObject({ actorId: id, targetId: id, details: { sessionsEnded: 1 } });
  });

  it('logs out only this device: her other phone stays bound and keeps its push subscription', async () => {
    const id = await newCitizen(desk, 'Else Tolefoner');
    const phone = new TestBrowser(t);
    const tablet = new TestBrowser(t);
    expect(
      (await phone.login('/api/citizen/activate', { code: (await smsCode(desk, id)).code })).status,
    ).toBe(200);
    expect(
      (await tablet.login('/api/citizen/activate', { code: (await smsCode(desk, id)).code })).status,
    ).toBe(200);
    expect((await tablet.fetch('POST', '/api/citizen/logout')).status).toBe(204);
    expect((await phone.fetch('GET', '/api/citizen/me')).status).toBe(200);
  });

  it('refuses a logout without the CSRF token', async () => {
    const id = await newCitizen(desk, 'Else Uden Token');
    const browser = new TestBrowser(t);
    expect(
      (await browser.login('/api/citizen/activate', { code: (await smsCode(desk, id)).code })).status,
    ).toBe(200);
    browser.csrf = undefined;
    expect((await browser.fetch('POST', '/api/citizen/logout')).status).toBe(403);
    expect((await browser.fetch('GET', '/api/citizen/me')).status).toBe(200);
  });
});
