import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff } from '../../../test/fixtures.js';
import { Browser, send } from '../../../test/kits/http-client.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { hashPassword } from '../password/hashing.js';

const PASSWORD = 'Blaabaer-Stige-Hoejtaler-81';
const ENDPOINTS = [
  '/api/auth/login',
  '/api/auth/second-factor/totp',
  '/api/auth/second-factor/recovery',
  '/api/auth/totp/enrol',
  '/api/auth/totp/confirm',
  '/api/auth/password',
];
let t: TestCloud;
let username: string;

beforeAll(async () => {
  t = await startTestCloud();
  const m = await createMunicipality(t);
  username = (
    await createStaff(t, m.id, 'staff', {
      passwordHash: await hashPassword(PASSWORD),
      passwordChangedAt: new Date(),
    })
  ).username;
});
afterAll(() => t?.close());

describe('no principal without a second factor', () => {
  it('no sequence of calls without a valid code yields a full session', async () => {
    const wrongCode = fc.oneof(
      fc.stringMatching(/^\d{6}$/),
      fc.string({ maxLength: 20 }),
      fc.constant('AAAA-BBBB-CCCC-DDDD'),
    );
    const step = fc.oneof(
      fc.constant({ path: '/api/auth/login', body: { username, password: PASSWORD } as unknown }),
      fc.constant({ path: '/api/auth/totp/enrol', body: {} as unknown }),
      wrongCode.map((code) => ({ path: '/api/auth/totp/confirm', body: { code } as unknown })),
      wrongCode.map((code) => ({ path: '/api/auth/second-factor/totp', body: { code } as unknown })),
      wrongCode.map((code) => ({ path: '/api/auth/second-factor/recovery', body: { code } as unknown })),
      fc.constant({
        path: '/api/auth/password',
        body: { current: PASSWORD, next: 'Kompas-Regn-Sol-Trappe-55' } as unknown,
      }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        const browser = new Browser(t.base, `127.0.1.${(run++ % 250) + 1}`);
        for (const s of steps) {
          const reply = await browser.post(s.path, s.body);
          expect(reply.status).toBeLessThan(500);
          expect(reply.json.stage).not.toBe('full');
          const session = await browser.call('/api/auth/session');
          expect(session.json.authenticated).not.toBe(true);
          expect((await browser.post('/api/auth/logout-everywhere')).status).toBeGreaterThanOrEqual(400);
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('auth endpoints under random input', () => {
  const header = fc.dictionary(
    fc.constantFrom('content-type', 'cookie', 'x-csrf-token', 'x-forwarded-for', 'origin', 'accept'),
    fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
    { maxKeys: 4 },
  );
  const body = fc.oneof(
    fc.json().map((j) => j),
    fc.string({ maxLength: 200 }),
    fc
      .record({ username: fc.string({ maxLength: 300 }), password: fc.string({ maxLength: 300 }) })
      .map((r) => JSON.stringify(r)),
    fc.record({ code: fc.anything() }).map((r) => JSON.stringify(r)),
    fc
      .record({ current: fc.string(), next: fc.string(), extra: fc.anything() })
      .map((r) => JSON.stringify(r)),
  );

  for (const path of ENDPOINTS) {
    it(`POST ${path} answers every random body and header with no 500 and no stack trace`, async () => {
      await fc.assert(
        fc.asyncProperty(body, header, async (raw, headers) => {
          const reply = await send(t.base, path, {
            rawBody: raw,
            headers: { 'content-type': 'application/json', ...headers },
          });
          expect(reply.status).toBeGreaterThanOrEqual(200);
          expect(reply.status).toBeLessThan(500);
          expect(reply.text).not.toMatch(/\bat [^\n]+:\d+:\d+|node_modules|Error:/);
        }),
        { numRuns: 40 },
      );
    });
  }
});
