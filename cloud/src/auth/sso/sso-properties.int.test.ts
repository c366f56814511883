import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../../test/fixtures.js';
import { TestBrowser } from '../../../test/sso/browser.js';
import { startSsoTestCloud } from '../../../test/sso/sso-cloud.js';
import { CALLBACK_PATH, configureSso } from '../../../test/sso/sso-flow.js';
import { startTestIdp, type TestIdp } from '../../../test/sso/test-idp.js';

let t: Awaited<ReturnType<typeof startSsoTestCloud>>;
let idp: TestIdp;
let municipalityId: string;
let supportHeaders: Record<string, string>;

beforeAll(async () => {
  t = await startSsoTestCloud();
  idp = await startTestIdp(`${t.base}${CALLBACK_PATH}`);
  municipalityId = (await createMunicipality(t)).id;
  expect((await configureSso(t, municipalityId, idp)).status).toBe(200);
  const support = await createStaff(t, municipalityId, 'support');
  supportHeaders = (await sessionFor(t, { kind: 'staff', id: support.id, municipalityId })).headers;
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

/** No 500, and nothing that looks like a stack trace or a source path, whatever the input. */
function expectCleanRefusal(status: number, body: string) {
  expect(status).toBeLessThan(500);
  expect(body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+|Error:/);
}

const queryValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('', 'x', '%', '%00', '\u0000'),
);
const randomQuery = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('code', 'state', 'iss', 'error', 'error_description', 'session_state'),
        fc.string(),
      ),
      queryValue,
    ),
    { maxLength: 6 },
  )
  .map((pairs) => new URLSearchParams(pairs).toString());

describe('SSO endpoints under random input (fast-check)', () => {
  it('the callback refuses any random query cleanly, with or without a sign-in in progress', async () => {
    await fc.assert(
      fc.asyncProperty(randomQuery, fc.boolean(), async (query, started) => {
        const browser = new TestBrowser();
        if (started) {
          const start = await browser.send(new URL(`/api/auth/sso/${municipalityId}/start`, t.base));
          expect(start.status).toBe(302);
        }
        const page = await browser.send(new URL(`${CALLBACK_PATH}?${query}`, t.base));
        expectCleanRefusal(page.status, page.body);
        expect(page.status).not.toBe(302);
      }),
      { numRuns: 60 },
    );
  });

  it('the start route refuses any random municipality id cleanly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.uuid()), async (id) => {
        const res = await fetch(`${t.base}/api/auth/sso/${encodeURIComponent(id)}/start`, {
          redirect: 'manual',
        });
        expectCleanRefusal(res.status, await res.text());
      }),
      { numRuns: 60 },
    );
  });

  it('the config route refuses any random body cleanly', async () => {
    const field = fc.oneof(
      fc.anything(),
      fc.webUrl(),
      fc.constantFrom('upn', 'email', 'sub', 'preferred_username'),
    );
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.string(),
      fc
        .record(
          {
            issuer: field,
            clientId: field,
            clientSecret: field,
            usernameClaim: field,
            trustIdpMfa: field,
            mfaAmrValues: field,
            mfaAcrValues: field,
            enabled: field,
          },
          { requiredKeys: [] },
        )
        .map((v) => JSON.stringify(v)),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.oneof(fc.constant(municipalityId), fc.string()), async (text, id) => {
        const res = await fetch(`${t.base}/api/auth/sso/${encodeURIComponent(id)}/config`, {
          method: 'PUT',
          headers: supportHeaders,
          body: text,
        });
        expectCleanRefusal(res.status, await res.text());
      }),
      { numRuns: 100 },
    );
    // The random bodies must not have broken the real configuration.
    const res = await fetch(`${t.base}/api/auth/sso/${municipalityId}/config`, { headers: supportHeaders });
    expect(res.status).toBe(200);
  });
});
