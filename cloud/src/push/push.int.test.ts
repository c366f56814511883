import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor } from '../../test/fixtures.js';
import { careWorld, connect, until } from '../../test/kits/calls.js';
import { type PushDouble, startPushDouble } from '../../test/push-service-double.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import {
  citizenCredentialSessionsTable,
  citizenCredentialsTable,
  pushSubscriptionsTable,
} from '../db/index.js';
import { CallPush, GENERIC_TITLE } from './payload.js';

/**
 * Web Push for incoming calls against a LOCAL HTTP DOUBLE of a push service (cloud/test/push-service-double.ts),
 * which checks the VAPID signature and decrypts the RFC 8291 payload with the subscription's own keys.
 */
describe('web push wakes a citizen for a call', () => {
  let t: TestCloud;
  let double: PushDouble;
  let world: Awaited<ReturnType<typeof careWorld>>;

  beforeAll(async () => {
    double = await startPushDouble();
    t = await startTestCloud({
      PUSH_LOCK_SCREEN: 'first_name',
      CALL_RING_SECONDS: '30',
      PUSH_EXTRA_CA_FILE: double.caFile,
    });
    world = await careWorld(t);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await double?.close();
  });

  /** A bound browser of the citizen: a credential, and a session that credential started. */
  async function boundBrowser() {
    const db = t.cloud.db.db;
    const [cred] = await db
      .insert(citizenCredentialsTable)
      .values({
        citizenId: world.home.id,
        municipalityId: world.municipalityId,
        tokenHash: `hash-${Math.random()}`,
        label: 'phone',
        createdAt: new Date(),
        lastUsedAt: new Date(),
      })
      .returning();
    const session = await sessionFor(t, world.home);
    await db
      .insert(citizenCredentialSessionsTable)
      .values({ credentialId: cred!.id, sessionId: session.sessionId });
    return { credentialId: cred!.id, headers: session.headers };
  }

  const subscribe = async (headers: Record<string, string>, body: unknown) =>
    fetch(`${t.base}/api/citizen/push/subscription`, { method: 'PUT', headers, body: JSON.stringify(body) });

  it('hands out the VAPID key and refuses a subscription that is not one', async () => {
    const { headers } = await boundBrowser();
    const key = (await (await fetch(`${t.base}/api/citizen/push/key`, { headers })).json()) as {
      publicKey: string;
    };
    expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    const bad = await subscribe(headers, {
      endpoint: 'http://evil.example/push',
      keys: { p256dh: 'x', auth: 'y' },
    });
    expect(bad.status).toBe(400);
  });

  it('stores a subscription only under the live credential that started the session', async () => {
    const bound = await boundBrowser();
    const sub = double.subscription();
    expect((await subscribe(bound.headers, sub)).status).toBe(204);
    const stored = await t.cloud.db.db
      .select({ credentialId: pushSubscriptionsTable.credentialId })
      .from(pushSubscriptionsTable)
      .where(eq(pushSubscriptionsTable.endpoint, sub.endpoint));
    expect(stored).toEqual([{ credentialId: bound.credentialId }]);

    // A citizen session no bound browser started, and one whose credential is revoked: nothing to wake.
    const unbound = await sessionFor(t, world.home);
    const revoked = await boundBrowser();
    await t.cloud.db.db
      .update(citizenCredentialsTable)
      .set({ revokedAt: new Date() })
      .where(eq(citizenCredentialsTable.id, revoked.credentialId));
    for (const [who, headers] of [
      ['unbound', unbound.headers],
      ['revoked', revoked.headers],
    ] as const) {
      const refused = await subscribe(headers, double.subscription());
      expect(refused.status, who).toBe(409);
    }
  });

  it('rings a closed page by push with only the first name, and the page that opens rings', async () => {
    const { headers } = await boundBrowser();
    const sub = double.subscription();
    expect((await subscribe(headers, sub)).status).toBe(204);
    const nurse = await connect(t, world.nurse);
    nurse.send({ type: 'call.place', requestId: 'r-push-1', to: { kind: 'citizen', id: world.home.id } });
    const ringing = await nurse.next('call.ringing');
    await until(() => double.received.some((r) => r.endpoint === sub.endpoint), 'push delivered');
    const push = double.received.find((r) => r.endpoint === sub.endpoint)!;
    const payload = CallPush.parse(JSON.parse(push.payload));
    expect(payload).toMatchObject({ type: 'call', callId: ringing.callId, title: 'Videoopkald fra Mette' });
    expect(push.payload).not.toContain('Hjemmepleje');
    expect(push.payload).not.toContain('Birthe');
    expect(push).toMatchObject({ urgency: 'high', ttl: 30, topic: 'call' });
    // The woken page says hello and rings for the same call.
    const citizen = await connect(t, world.home);
    const incoming = await citizen.next('call.incoming');
    expect(incoming.callId).toBe(ringing.callId);
    citizen.send({ type: 'call.accept', callId: incoming.callId });
    await nurse.next('call.accepted');
    nurse.send({ type: 'call.hangup', callId: ringing.callId });
    await citizen.next('call.ended');
    nurse.ws.close();
    citizen.ws.close();
  });

  it('wakes her sleeping phone by push while a page of hers is open on another screen, which rings too', async () => {
    // Her PC (or a tablet in a drawer) has the page open; her phone in her pocket sleeps with push turned on.
    const pc = await connect(t, world.home);
    const phone = await boundBrowser();
    const sub = double.subscription();
    expect((await subscribe(phone.headers, sub)).status).toBe(204);
    const nurse = await connect(t, world.nurse);
    nurse.send({ type: 'call.place', requestId: 'r-push-open', to: { kind: 'citizen', id: world.home.id } });
    const ringing = await nurse.next('call.ringing');
    expect((await pc.next('call.incoming')).callId).toBe(ringing.callId);
    // The phone slept through every call while any page of hers was connected.
    await until(() => double.received.some((r) => r.endpoint === sub.endpoint), 'push to the sleeping phone');
    const push = double.received.find((r) => r.endpoint === sub.endpoint)!;
    expect(CallPush.parse(JSON.parse(push.payload)).callId).toBe(ringing.callId);
    nurse.send({ type: 'call.hangup', callId: ringing.callId });
    await pc.next('call.ended');
    nurse.ws.close();
    pc.ws.close();
  });

  it('hands the woken page the offer made while nothing rang, so it negotiates before "Tag den"', async () => {
    const { headers } = await boundBrowser();
    const sub = double.subscription();
    expect((await subscribe(headers, sub)).status).toBe(204);
    const nurse = await connect(t, world.nurse);
    nurse.send({ type: 'call.place', requestId: 'r-push-early', to: { kind: 'citizen', id: world.home.id } });
    const { callId } = await nurse.next('call.ringing');
    // The caller's early offer and candidates, made while the phone still sleeps: no page to take them yet.
    const sdp = 'v=0\r\no=- 7 2 IN IP4 127.0.0.1\r\ns=-\r\n';
    const candidate = { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0' };
    nurse.send({ type: 'rtc.offer', callId, sdp });
    nurse.send({ type: 'rtc.ice', callId, candidate });
    nurse.send({ type: 'rtc.ice', callId, candidate: null });
    await until(() => double.received.some((r) => r.endpoint === sub.endpoint), 'push delivered');

    const citizen = await connect(t, world.home);
    await citizen.next('call.incoming');
    expect((await citizen.next('rtc.offer')).sdp).toBe(sdp);
    const order = citizen.messages.map((m) => m.type).filter((type) => type !== 'welcome');
    expect(order.slice(0, 2), 'the ring first, so the page has a call to put the offer on').toEqual([
      'call.incoming',
      'rtc.offer',
    ]);
    expect((await citizen.next('rtc.ice')).candidate).toMatchObject(candidate);
    expect((await citizen.next('rtc.ice', (m) => m.candidate === null)).candidate).toBeNull();
    citizen.send({ type: 'rtc.answer', callId, sdp });
    await nurse.next('rtc.answer');
    citizen.send({ type: 'call.accept', callId });
    expect(await nurse.next('call.accepted')).toMatchObject({ callId, negotiated: true });
    nurse.send({ type: 'call.hangup', callId });
    await citizen.next('call.ended');
    nurse.ws.close();
    citizen.ws.close();
  });

  it('refuses as offline when the citizen has neither an open page nor a subscription that works', async () => {
    const db = t.cloud.db.db;
    await db.delete(pushSubscriptionsTable);
    const nurse = await connect(t, world.nurse);
    nurse.send({ type: 'call.place', requestId: 'r-push-2', to: { kind: 'citizen', id: world.home.id } });
    expect((await nurse.next('call.refused')).code).toBe('callee_offline');
    nurse.ws.close();
  });

  it('removes a subscription the push service says is gone (410) and no longer pushes to it', async () => {
    const { headers } = await boundBrowser();
    const sub = double.subscription();
    await subscribe(headers, sub);
    double.expire(sub.endpoint);
    const nurse = await connect(t, world.nurse);
    nurse.send({ type: 'call.place', requestId: 'r-push-3', to: { kind: 'citizen', id: world.home.id } });
    expect((await nurse.next('call.refused')).code).toBe('callee_offline');
    const left = await t.cloud.db.db
      .select()
      .from(pushSubscriptionsTable)
      .where(eq(pushSubscriptionsTable.endpoint, sub.endpoint));
    expect(left).toEqual([]);
    expect(double.rejected.some((r) => r.endpoint === sub.endpoint && r.status === 410)).toBe(true);
    nurse.ws.close();
  });

  it('stops pushing to a browser whose credential support revoked', async () => {
    const { headers, credentialId } = await boundBrowser();
    const sub = double.subscription();
    await subscribe(headers, sub);
    await t.cloud.db.db
      .update(citizenCredentialsTable)
      .set({ revokedAt: new Date() })
      .where(eq(citizenCredentialsTable.id, credentialId));
    const before = double.received.length;
    const nurse = await connect(t, world.nurse);
    nurse.send({ type: 'call.place', requestId: 'r-push-4', to: { kind: 'citizen', id: world.home.id } });
    expect((await nurse.next('call.refused')).code).toBe('callee_offline');
    expect(double.received.length).toBe(before);
    const left = await t.cloud.db.db
      .select()
      .from(pushSubscriptionsTable)
      .where(eq(pushSubscriptionsTable.credentialId, credentialId));
    expect(left).toEqual([]);
    nurse.ws.close();
  });

  it('shows only the generic line when the municipality keeps names off the lock screen', () => {
    expect(GENERIC_TITLE).toBe('Videoopkald fra kommunen');
  });
});
