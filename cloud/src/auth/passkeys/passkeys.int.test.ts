import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { passkeysTable } from '../../db/index.js';
import { CHALLENGE_TTL_MS, consumeChallenge, storeChallenge } from './challenges.js';

/** The passkey endpoints and the challenge store against a real cloud node (PGlite, ephemeral ports). */
describe('passkey endpoints and challenges', () => {
  let t: TestCloud;
  let subject: { kind: 'staff'; id: string; municipalityId: string };
  const credentialId = randomBytes(16).toString('base64url');

  beforeAll(async () => {
    t = await startTestCloud();
    const municipalityId = (await createMunicipality(t)).id;
    subject = { kind: 'staff', id: (await createStaff(t, municipalityId)).id, municipalityId };
    // A registered passkey (an arbitrary P-256 COSE key), so random assertions naming it reach the verifier.
    await t.cloud.db.db.insert(passkeysTable).values({
      credentialId,
      publicKey: randomBytes(77).toString('base64url'),
      name: 'Key',
      subjectKind: 'staff',
      staffId: subject.id,
      municipalityId,
      createdAt: new Date(),
    });
  });
  afterAll(() => t?.close());

  describe('challenges', () => {
    it('uses a challenge once, whatever the outcome', async () => {
      const { sessionId } = await sessionFor(t, subject);
      const now = new Date();
      await storeChallenge(t.cloud.db.db, { sessionId, purpose: 'authentication', challenge: 'one', now });
      expect(await consumeChallenge(t.cloud.db.db, { sessionId, purpose: 'authentication', now })).toBe(
        'one',
      );
      expect(await consumeChallenge(t.cloud.db.db, { sessionId, purpose: 'authentication', now })).toBeNull();
    });

    it('forgets a challenge once its short lifetime is over', async () => {
      const { sessionId } = await sessionFor(t, subject);
      const now = new Date();
      await storeChallenge(t.cloud.db.db, { sessionId, purpose: 'authentication', challenge: 'late', now });
      const later = new Date(now.getTime() + CHALLENGE_TTL_MS);
      expect(CHALLENGE_TTL_MS).toBeLessThanOrEqual(5 * 60_000);
      expect(
        await consumeChallenge(t.cloud.db.db, { sessionId, purpose: 'authentication', now: later }),
      ).toBeNull();
    });

    it("keeps only the session's newest challenge, separately per purpose and per session", async () => {
      const a = await sessionFor(t, subject);
      const b = await sessionFor(t, subject);
      const now = new Date();
      const db = t.cloud.db.db;
      await storeChallenge(db, { sessionId: a.sessionId, purpose: 'authentication', challenge: 'old', now });
      await storeChallenge(db, { sessionId: a.sessionId, purpose: 'authentication', challenge: 'new', now });
      await storeChallenge(db, { sessionId: a.sessionId, purpose: 'registration', challenge: 'reg', now });
      expect(
        await consumeChallenge(db, { sessionId: b.sessionId, purpose: 'authentication', now }),
      ).toBeNull();
      expect(await consumeChallenge(db, { sessionId: a.sessionId, purpose: 'authentication', now })).toBe(
        'new',
      );
      expect(await consumeChallenge(db, { sessionId: a.sessionId, purpose: 'registration', now })).toBe(
        'reg',
      );
    });
  });

  describe('random bodies never cause a 500 or leak a stack trace', () => {
    const b64 = fc.uint8Array({ maxLength: 120 }).map((b) => Buffer.from(b).toString('base64url'));
    const clientData = fc
      .record({
        type: fc.constantFrom('webauthn.get', 'webauthn.create', 'other'),
        challenge: fc.oneof(fc.string(), b64),
        origin: fc.constantFrom('http://localhost:8080', 'https://evil.example', ''),
        crossOrigin: fc.boolean(),
      })
      .map((o) => Buffer.from(JSON.stringify(o)).toString('base64url'));
    const nearlyValid = fc.record({
      id: fc.oneof(fc.constant(credentialId), b64),
      rawId: fc.oneof(fc.constant(credentialId), b64),
      type: fc.constantFrom('public-key', 'x'),
      response: fc.record(
        {
          clientDataJSON: fc.oneof(clientData, b64),
          attestationObject: b64,
          authenticatorData: b64,
          signature: b64,
          userHandle: b64,
          transports: fc.array(fc.constantFrom('usb', 'internal', 'hybrid')),
        },
        { requiredKeys: ['clientDataJSON'] },
      ),
      clientExtensionResults: fc.constant({}),
    });
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ response: nearlyValid }),
      fc.record({ name: fc.string({ maxLength: 80 }), response: nearlyValid }),
      fc.record({ name: fc.anything(), response: fc.anything() }),
    );

    async function assertSafe(res: Response) {
      const text = await res.text();
      expect(res.status, text).toBeLessThan(500);
      expect(text).not.toMatch(/\bat .+\.(ts|js):\d+|Error:|node_modules/);
    }

    const post = (path: string, headers: Record<string, string>, payload: unknown) =>
      fetch(`${t.base}${path}`, { method: 'POST', headers, body: JSON.stringify(payload) });

    it('second-factor options and verify, with a pending login', async () => {
      const pending = await sessionFor(t, subject, 'second_factor');
      await fc.assert(
        fc.asyncProperty(body, fc.boolean(), async (payload, ask) => {
          if (ask)
            await assertSafe(await post('/api/auth/second-factor/passkey/options', pending.headers, payload));
          await assertSafe(await post('/api/auth/second-factor/passkey/verify', pending.headers, payload));
        }),
        { numRuns: 80 },
      );
    });

    it('registration options and verify, with a full session', async () => {
      const full = await sessionFor(t, subject);
      await fc.assert(
        fc.asyncProperty(body, fc.boolean(), async (payload, ask) => {
          if (ask)
            await assertSafe(await post('/api/auth/passkeys/registration/options', full.headers, payload));
          await assertSafe(await post('/api/auth/passkeys/registration/verify', full.headers, payload));
        }),
        { numRuns: 80 },
      );
    });

    it('removal with any id, and every endpoint without a session', async () => {
      const full = await sessionFor(t, subject);
      const anon = { origin: t.base, 'content-type': 'application/json' };
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.uuid(), fc.string({ minLength: 1 })), body, async (id, payload) => {
          const path = `/api/auth/passkeys/${encodeURIComponent(id)}`;
          await assertSafe(await fetch(`${t.base}${path}`, { method: 'DELETE', headers: full.headers }));
          for (const p of [
            '/api/auth/passkeys/registration/verify',
            '/api/auth/second-factor/passkey/verify',
            '/api/auth/second-factor/passkey/options',
          ]) {
            const res = await post(p, anon, payload);
            expect(res.status).toBe(401);
            await assertSafe(res);
          }
        }),
        { numRuns: 40 },
      );
    });
  });
});
