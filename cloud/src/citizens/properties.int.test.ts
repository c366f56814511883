import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Desk, newCitizen, supportDesk } from '../../test/kits/citizens.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';

/** Whatever arrives, the answer is a 4xx/2xx problem or result: never a 500, never a stack trace. */
function expectSafe(status: number, text: string, what: string) {
  expect(status, what).toBeLessThan(500);
  expect(text, what).not.toMatch(/\n\s+at |stack|node_modules|TypeError|SyntaxError/);
}

const jsonBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc
    .record(
      {
        displayName: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
        initials: fc.oneof(fc.string(), fc.constant(null)),
        channel: fc.oneof(fc.constantFrom('letter', 'sms', 'digital_post', 'email', ''), fc.string()),
        phone: fc.oneof(fc.string(), fc.constantFrom('+4512345678', '+46123456789')),
        recipientRef: fc.string(),
        level: fc.oneof(fc.constantFrom('device_bound', 'device_bound_pin', 'two_factor'), fc.string()),
        pin: fc.oneof(fc.string(), fc.integer()),
        totp: fc.oneof(fc.string(), fc.integer()),
        code: fc.oneof(fc.string(), fc.constantFrom('AAAA-BBBB-CCCC', 'aaaa bbbb cccc'), fc.integer()),
        cpr: fc.string(),
      },
      { requiredKeys: [] },
    )
    .map((v) => JSON.stringify(v)),
  fc.string(), // not JSON at all
);

describe('citizen endpoints under random input (fast-check)', () => {
  let t: TestCloud;
  let desk: Desk;
  let citizenId: string;

  beforeAll(async () => {
    t = await startTestCloud();
    desk = await supportDesk(t);
    citizenId = await newCitizen(desk);
  });
  afterAll(() => t.close());

  const send = async (method: string, path: string, body: string | undefined, asSupport: boolean) => {
    const headers = { 'content-type': 'application/json', origin: t.base };
    const res = asSupport
      ? await desk.call(method, path, body === undefined ? undefined : JSON.parse(safeJson(body)))
      : await fetch(`${t.base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    expectSafe(res.status, await res.text(), `${method} ${path} ${body ?? ''}`);
  };

  it('documents every citizen route in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.base}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/api/citizens',
      '/api/citizens/{id}',
      '/api/citizens/{id}/activation-codes',
      '/api/citizens/{id}/security',
      '/api/citizens/{id}/credentials/{credentialId}',
      '/api/citizen/activate',
      '/api/citizen/session',
      '/api/citizen/me',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });

  it('support endpoints never answer 500 to random bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          ['POST', '/api/citizens'],
          ['POST', `/api/citizens/{id}/activation-codes`],
          ['PUT', `/api/citizens/{id}/security`],
        ),
        jsonBody,
        async ([method, path], body) => {
          await send(method!, path!.replace('{id}', citizenId), body, true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('support endpoints never answer 500 to random ids in the path', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), async (id, credentialId) => {
        const a = encodeURIComponent(id);
        const b = encodeURIComponent(credentialId);
        for (const [method, path] of [
          ['GET', `/api/citizens/${a}`],
          ['GET', `/api/citizens/${a}/credentials`],
          ['DELETE', `/api/citizens/${a}/credentials/${b}`],
          ['GET', `/api/activation-outbox?citizenId=${a}`],
        ] as const) {
          const res = await desk.call(method, path);
          expectSafe(res.status, await res.text(), `${method} ${path}`);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('the citizen endpoints never answer 500 to random bodies or cookies, logged in or not', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/citizen/activate', '/api/citizen/session'),
        jsonBody,
        fc.option(fc.string(), { nil: undefined }),
        async (path, body, cookie) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', origin: t.base };
          if (cookie !== undefined) headers.cookie = `__Host-sv_citizen_device=${encodeURIComponent(cookie)}`;
          const res = await fetch(`${t.base}${path}`, { method: 'POST', headers, body });
          expectSafe(res.status, await res.text(), `POST ${path} ${body}`);
        },
      ),
      { numRuns: 80 },
    );
    const me = await fetch(`${t.base}/api/citizen/me`);
    expectSafe(me.status, await me.text(), 'GET /api/citizen/me');
  });
});

/** desk.call takes a value; keep invalid JSON as a string value so it is still sent (as a JSON string). */
function safeJson(body: string): string {
  try {
    JSON.parse(body);
    return body;
  } catch {
    return JSON.stringify(body);
  }
}
