import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';

/**
 * Every route the API publishes, fed random bodies, headers and path ids, with and without a valid session:
 * never a 5xx, never a stack trace or internal error text in the answer (ASVS 5.0 16.5.x; issue 3 asks this of
 * every auth endpoint, and it costs little to ask it of all of them).
 */
let t: TestCloud;
let routes: { method: string; template: string }[];
let support: Record<string, string>;

beforeAll(async () => {
  t = await startTestCloud();
  const municipality = await createMunicipality(t);
  const staff = await createStaff(t, municipality.id, 'support');
  support = (await sessionFor(t, { kind: 'staff', id: staff.id, municipalityId: municipality.id })).headers;
  const doc = (await (await fetch(`${t.base}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), template })),
  );
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const LEAKS = /\n\s+at .+:\d+|TypeError|ReferenceError|SyntaxError: Unexpected|node_modules|\.ts:\d+/;

const pathId = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('0', '-1', '%00', '..'),
);
const body = fc.oneof(
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', '{', 'null', '[]', '{"code":"AAAA-BBBB-CCCC"}', '{"username":"x","password":"y"}'),
);
const garbageHeaders = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ),
    cookie: fc.oneof(fc.string({ maxLength: 80 }), fc.constant('__Host-sv_session=AAAA')),
    'x-csrf-token': fc.string({ maxLength: 60 }),
    'x-forwarded-for': fc.oneof(fc.ipV4(), fc.string({ maxLength: 30 })),
  },
  { requiredKeys: [] },
);

describe('the whole API under random input', () => {
  it('never answers 5xx or leaks internals, on any route, with or without a session', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 10_000 }),
        pathId,
        body,
        garbageHeaders,
        fc.boolean(),
        async (pick, id, payload, headers, withSession) => {
          const route = routes[pick % routes.length]!;
          const path = route.template.replace(/\{[A-Za-z]+\}/g, id);
          const sent: Record<string, string> = withSession
            ? { ...headers, ...support }
            : { origin: t.base, ...headers };
          const response = await fetch(`${t.base}${path}`, {
            method: route.method,
            headers: Object.fromEntries(Object.entries(sent).filter(([, v]) => /^[\t\x20-\x7e]*$/.test(v))),
            redirect: 'manual',
            ...(route.method === 'GET' || route.method === 'HEAD'
              ? {}
              : { body: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
          });
          const text = await response.text();
          expect(response.status, `${route.method} ${path}`).toBeLessThan(500);
          expect(text, `${route.method} ${path}`).not.toMatch(LEAKS);
        },
      ),
      { numRuns: 600 },
    );
  }, 240_000);

  it('answers a request target the URL parser refuses, plain or as a WebSocket upgrade, and stays up', async () => {
    const { port } = new URL(t.base);
    // Node's HTTP parser lets an absolute-form target through that `new URL` throws on: before, the upgrade
    // router's own parse threw in its event handler, which took the whole process down.
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(request));
        let answer = '';
        socket.on('data', (d) => {
          answer += String(d);
        });
        socket.on('close', () => resolve(answer));
        socket.on('error', reject);
        socket.setTimeout(5_000, () => socket.destroy());
      });
    const upgrade = await raw(
      'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
    expect(upgrade).toMatch(/^HTTP\/1\.1 4\d\d /);
    const plain = await raw('GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(plain).toMatch(/^HTTP\/1\.1 [1-4]\d\d /);
    expect(plain).not.toMatch(LEAKS);
    expect((await fetch(`${t.base}/readyz`)).status).toBe(200);
  });
});
