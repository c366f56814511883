import { and, desc, eq } from 'drizzle-orm';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, hasChromium } from '../../../../test-support/requirements.js';
import { createMunicipality, createStaff, sessionFor } from '../../../test/fixtures.js';
import { type Json, openAuthenticatorPage, sessionFromResponse } from '../../../test/kits/passkey-browser.js';
import { startTestCloudOnKnownPort, type TestCloud } from '../../../test/test-cloud.js';
import { auditLogTable, passkeysTable, sessionsTable } from '../../db/index.js';

/**
 * Real WebAuthn ceremonies: Debian's Chromium with a CDP virtual authenticator on http://localhost:PORT
 * (a secure context, and a valid RP id, unlike 127.0.0.1), against a real cloud node on PGlite.
 * The pending (password-checked) sessions come from the fixture: the password step is another slice's.
 */
describe.skipIf(!hasChromium())('passkeys as a second factor, in a real browser', () => {
  let t: TestCloud;
  let browser: Browser;
  let pageUrl: string;
  let municipalityId: string;

  beforeAll(async () => {
    t = await startTestCloudOnKnownPort((port) => ({ WEBAUTHN_ORIGIN: `http://localhost:${port}` }));
    pageUrl = `http://localhost:${t.cloud.ports.http}/api/health`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    municipalityId = (await createMunicipality(t)).id;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const post = (path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${t.base}${path}`, {
      method: 'POST',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const get = (path: string, headers: Record<string, string>) => fetch(`${t.base}${path}`, { headers });

  async function staffWithPasskey() {
    const staff = await createStaff(t, municipalityId);
    const subject = { kind: 'staff' as const, id: staff.id, municipalityId };
    const authenticator = await openAuthenticatorPage(browser, pageUrl);
    const full = await sessionFor(t, subject);
    const options = (await (
      await post('/api/auth/passkeys/registration/options', full.headers)
    ).json()) as Json;
    const response = await authenticator.create(options);
    const res = await post('/api/auth/passkeys/registration/verify', full.headers, {
      name: 'Laptop',
      response,
    });
    expect(res.status).toBe(201);
    const passkey = (await res.json()) as { id: string };
    return { staff, subject, authenticator, passkeyId: passkey.id };
  }

  async function passkeyOptions(pendingHeaders: Record<string, string>) {
    const res = await post('/api/auth/second-factor/passkey/options', pendingHeaders);
    expect(res.status).toBe(200);
    return (await res.json()) as Json;
  }

  async function lastAudit(actorId: string, action: string) {
    const [row] = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.actorId, actorId), eq(auditLogTable.action, action)))
      .orderBy(desc(auditLogTable.id))
      .limit(1);
    return row;
  }

  it('turns a password login into a full session with a NEW token once the passkey is verified', async () => {
    const { subject, authenticator, passkeyId } = await staffWithPasskey();
    expect(await lastAudit(subject.id, 'auth.passkey.added')).toMatchObject({ details: { passkeyId } });

    const pending = await sessionFor(t, subject, 'second_factor');
    const assertion = await authenticator.get(await passkeyOptions(pending.headers));
    const res = await post('/api/auth/second-factor/passkey/verify', pending.headers, {
      response: assertion,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { stage: string; csrfToken: string };
    expect(body.stage).toBe('full');

    const fresh: Record<string, string> = {
      ...sessionFromResponse(res, t.base),
      'x-csrf-token': body.csrfToken,
    };
    expect(fresh.cookie).not.toContain(pending.token);
    const info = (await (await get('/api/auth/session', fresh)).json()) as Json;
    expect(info).toMatchObject({ authenticated: true, stage: 'full' });
    expect((await get('/api/auth/passkeys', fresh)).status).toBe(200);
    // The half-way token is dead.
    expect((await get('/api/auth/session', pending.headers).then((r) => r.json())) as Json).toMatchObject({
      authenticated: false,
    });
    const [old] = await t.cloud.db.db
      .select()
      .from(sessionsTable)
      .where(eq(sessionsTable.id, pending.sessionId));
    expect(old?.revokedAt).not.toBeNull();
    const [full] = await t.cloud.db.db
      .select()
      .from(sessionsTable)
      .where(and(eq(sessionsTable.staffId, subject.id), eq(sessionsTable.method, 'passkey')));
    expect(full?.stage).toBe('full');
    expect(await lastAudit(subject.id, 'auth.second_factor.succeeded')).toMatchObject({
      details: { method: 'passkey', passkeyId },
    });
    await authenticator.close();
  });

  it('gives no full session without a verified passkey', async () => {
    const { subject, authenticator } = await staffWithPasskey();
    const pending = await sessionFor(t, subject, 'second_factor');
    expect((await get('/api/auth/passkeys', pending.headers)).status).toBe(401);
    expect((await post('/api/auth/passkeys/registration/options', pending.headers)).status).toBe(401);
    // A well-formed assertion, but no challenge was ever asked for in this session.
    const stray = await authenticator.get(
      await passkeyOptions((await sessionFor(t, subject, 'second_factor')).headers),
    );
    expect(
      (await post('/api/auth/second-factor/passkey/verify', pending.headers, { response: stray })).status,
    ).toBe(401);
    const info = (await (await get('/api/auth/session', pending.headers)).json()) as Json;
    expect(info).toMatchObject({ authenticated: false, stage: 'second_factor' });
    expect(await lastAudit(subject.id, 'auth.second_factor.failed')).toMatchObject({
      details: { method: 'passkey', reason: 'no_challenge' },
    });
    await authenticator.close();
  });

  it("refuses another staff member's passkey, even with a valid signature over this login's challenge", async () => {
    const alice = await staffWithPasskey();
    const bob = await staffWithPasskey();
    const pending = await sessionFor(t, alice.subject, 'second_factor');
    const options = await passkeyOptions(pending.headers);
    // A hostile client asks Bob's authenticator to sign Alice's challenge (no allow-list: any resident key).
    const assertion = await bob.authenticator.get({ ...options, allowCredentials: [] });
    const res = await post('/api/auth/second-factor/passkey/verify', pending.headers, {
      response: assertion,
    });
    expect(res.status).toBe(401);
    expect(res.headers.getSetCookie().some((c) => /sv_session=[^;]/.test(c))).toBe(false);
    expect(await lastAudit(alice.subject.id, 'auth.second_factor.failed')).toMatchObject({
      details: { reason: 'other_subject', passkeyId: bob.passkeyId },
    });
    await alice.authenticator.close();
    await bob.authenticator.close();
  });

  it('uses each challenge once: a replayed assertion is refused', async () => {
    const { subject, authenticator } = await staffWithPasskey();
    const first = await sessionFor(t, subject, 'second_factor');
    const assertion = (await authenticator.get(await passkeyOptions(first.headers))) as Json & {
      response: Json & { signature: string };
    };
    const broken = {
      ...assertion,
      response: { ...assertion.response, signature: flipLast(assertion.response.signature) },
    };
    const refused = await post('/api/auth/second-factor/passkey/verify', first.headers, { response: broken });
    expect(refused.status).toBe(401);
    // The genuine assertion arrives second: its challenge was burnt by the failed attempt.
    const replay = await post('/api/auth/second-factor/passkey/verify', first.headers, {
      response: assertion,
    });
    expect(replay.status).toBe(401);

    // Another login, with its own fresh challenge, cannot be completed with the old assertion either.
    const second = await sessionFor(t, subject, 'second_factor');
    const _options = await passkeyOptions(second.headers);
    expect(
      (await post('/api/auth/second-factor/passkey/verify', second.headers, { response: assertion })).status,
    ).toBe(401);
    // …but a fresh ceremony would have worked (so the refusals above were about the replay).
    const third = await sessionFor(t, subject, 'second_factor');
    const fresh = await authenticator.get(await passkeyOptions(third.headers));
    expect(
      (await post('/api/auth/second-factor/passkey/verify', third.headers, { response: fresh })).status,
    ).toBe(200);
    await authenticator.close();
  });

  it('refuses a credential this server never registered', async () => {
    const { subject, authenticator } = await staffWithPasskey();
    const stranger = await openAuthenticatorPage(browser, pageUrl);
    await stranger.create({
      challenge: 'c3RyYW5nZXItY2hhbGxlbmdl',
      rp: { id: 'localhost', name: 'elsewhere' },
      user: { id: 'c3RyYW5nZXI', name: 'stranger', displayName: 'stranger' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const pending = await sessionFor(t, subject, 'second_factor');
    const options = await passkeyOptions(pending.headers);
    const assertion = await stranger.get({ ...options, allowCredentials: [] });
    const res = await post('/api/auth/second-factor/passkey/verify', pending.headers, {
      response: assertion,
    });
    expect(res.status).toBe(401);
    expect(await lastAudit(subject.id, 'auth.second_factor.failed')).toMatchObject({
      details: { reason: 'unknown_credential' },
    });
    await stranger.close();
    await authenticator.close();
  });

  it('refuses an assertion made without user verification', async () => {
    const { subject, authenticator } = await staffWithPasskey();
    const pending = await sessionFor(t, subject, 'second_factor');
    const options = await passkeyOptions(pending.headers);
    expect(options.userVerification).toBe('required');
    // A client that asks for presence only: the authenticator then signs without the UV flag.
    const assertion = await authenticator.get({ ...options, userVerification: 'discouraged' });
    const res = await post('/api/auth/second-factor/passkey/verify', pending.headers, {
      response: assertion,
    });
    expect(res.status).toBe(401);
    await authenticator.close();
  });

  it('refuses a cloned authenticator whose signature counter did not increase', async () => {
    const { subject, authenticator, passkeyId } = await staffWithPasskey();
    const [snapshot] = await authenticator.credentials();
    expect(snapshot).toBeDefined();
    const login = await sessionFor(t, subject, 'second_factor');
    const assertion = await authenticator.get(await passkeyOptions(login.headers));
    expect(
      (await post('/api/auth/second-factor/passkey/verify', login.headers, { response: assertion })).status,
    ).toBe(200);
    const [stored] = await t.cloud.db.db.select().from(passkeysTable).where(eq(passkeysTable.id, passkeyId));
    expect(stored!.counter).toBeGreaterThan(0);

    // The clone carries the same private key, copied before that login: its counter lags behind.
    const clone = await openAuthenticatorPage(browser, pageUrl, { credentials: [snapshot!] });
    const pending = await sessionFor(t, subject, 'second_factor');
    const cloned = await clone.get(await passkeyOptions(pending.headers));
    expect(
      (await post('/api/auth/second-factor/passkey/verify', pending.headers, { response: cloned })).status,
    ).toBe(401);
    expect(await lastAudit(subject.id, 'auth.second_factor.failed')).toMatchObject({
      details: { reason: 'counter_not_increased', passkeyId },
    });
    await clone.close();
    await authenticator.close();
  });

  it('binds a registration challenge to the session that asked for it', async () => {
    const staff = await createStaff(t, municipalityId);
    const subject = { kind: 'staff' as const, id: staff.id, municipalityId };
    const authenticator = await openAuthenticatorPage(browser, pageUrl);
    const asking = await sessionFor(t, subject);
    const other = await sessionFor(t, subject);
    const options = (await (
      await post('/api/auth/passkeys/registration/options', asking.headers)
    ).json()) as Json;
    const response = await authenticator.create(options);
    const res = await post('/api/auth/passkeys/registration/verify', other.headers, {
      name: 'Phone',
      response,
    });
    expect(res.status).toBe(409);
    expect(
      (await post('/api/auth/passkeys/registration/verify', asking.headers, { name: 'Phone', response }))
        .status,
    ).toBe(201);
    await authenticator.close();
  });

  it('lists and removes only my own passkeys, audited', async () => {
    const alice = await staffWithPasskey();
    const bob = await staffWithPasskey();
    const bobSession = await sessionFor(t, bob.subject);
    expect(
      (
        await fetch(`${t.base}/api/auth/passkeys/${alice.passkeyId}`, {
          method: 'DELETE',
          headers: bobSession.headers,
        })
      ).status,
    ).toBe(404);
    const aliceSession = await sessionFor(t, alice.subject);
    const listed = (await (await get('/api/auth/passkeys', aliceSession.headers)).json()) as {
      passkeys: Json[];
    };
    expect(listed.passkeys.map((p) => p.id)).toEqual([alice.passkeyId]);
    expect(JSON.stringify(listed)).not.toMatch(/publicKey|credentialId/);
    expect(
      (
        await fetch(`${t.base}/api/auth/passkeys/${alice.passkeyId}`, {
          method: 'DELETE',
          headers: aliceSession.headers,
        })
      ).status,
    ).toBe(204);
    expect(await lastAudit(alice.subject.id, 'auth.passkey.removed')).toMatchObject({
      details: { passkeyId: alice.passkeyId, remaining: 0 },
    });
    // A removed passkey no longer completes a login.
    const pending = await sessionFor(t, alice.subject, 'second_factor');
    expect((await post('/api/auth/second-factor/passkey/options', pending.headers)).status).toBe(409);
    await alice.authenticator.close();
    await bob.authenticator.close();
  });
});

function flipLast(b64url: string): string {
  const last = b64url.at(-2) === 'A' ? 'B' : 'A';
  return `${b64url.slice(0, -2)}${last}${b64url.at(-1)}`;
}
