import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { alertTokens } from '../alerts/alert-tokens.js';
import { registerDevice } from '../db/index.js';
import type { Role } from '../kernel/principal.js';
import { scimTokens } from '../scim/tokens.js';
import { AUTHORIZATION_MATRIX, type RouteAccess, type Target } from './authorization-matrix.js';

/**
 * Every route × every role, plus nobody and support of another municipality, against the documented table
 * in authorization-matrix.ts. Allowed means "not refused" (401/403): the body is deliberately empty, so an
 * allowed call may well answer 400, 404 or 409. Nothing may ever answer 5xx.
 */
type Principal = 'anonymous' | Exclude<Role, never> | 'foreign_support';
const PRINCIPALS: readonly Principal[] = [
  'anonymous',
  'citizen',
  'staff',
  'unit_manager',
  'support',
  'vendor_support',
  'system_admin',
  'foreign_support',
];

let t: TestCloud;
let home: { id: string };
/** Who each principal is; every call gets a FRESH session, since some routes end sessions (log out everywhere). */
const subjects = new Map<Principal, { kind: 'staff' | 'citizen'; id: string; municipalityId: string }>();
let routes: string[];

beforeAll(async () => {
  t = await startTestCloud();
  home = await createMunicipality(t);
  const away = await createMunicipality(t);
  const citizen = await createCitizen(t, home.id);
  subjects.set('citizen', { kind: 'citizen', id: citizen.id, municipalityId: home.id });
  for (const role of ['staff', 'unit_manager', 'support', 'vendor_support', 'system_admin'] as const) {
    const staff = await createStaff(t, home.id, role);
    subjects.set(role, { kind: 'staff', id: staff.id, municipalityId: home.id });
  }
  const foreign = await createStaff(t, away.id, 'support');
  subjects.set('foreign_support', { kind: 'staff', id: foreign.id, municipalityId: away.id });
  const doc = (await (await fetch(`${t.base}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
}, 120_000);

afterAll(async () => {
  await t?.close();
});

/** A fresh object of the home municipality for each call, so a permitted disable or erase harms no other call. */
async function targetId(target: Target): Promise<string> {
  const db = t.cloud.db.db;
  switch (target) {
    case 'citizen':
      return (await createCitizen(t, home.id)).id;
    case 'staff':
      return (await createStaff(t, home.id)).id;
    case 'device':
      return (await registerDevice(db, { municipalityId: home.id, label: `M-${randomUUID().slice(0, 8)}` }))
        .id;
    case 'municipality':
      return home.id;
    case 'scim-token':
      return (
        await scimTokens.create(db, {
          municipalityId: home.id,
          label: 'matrix',
          createdByStaffId: null,
          now: new Date(),
        })
      ).id;
    case 'alert-token':
      return (
        await alertTokens.create(db, {
          municipalityId: home.id,
          label: 'matrix',
          createdByStaffId: null,
          now: new Date(),
        })
      ).id;
    case 'none':
      return randomUUID();
  }
}

/**
 * Valid bodies where the body is checked before the municipality scope: with an empty body, support of another
 * municipality would be stopped by validation (400) and the scope check would go untested.
 */
const VALID_BODIES: Record<string, unknown> = {
  'POST /api/citizens/{id}/activation-codes': { channel: 'letter' },
  'PUT /api/citizens/{id}/security': { level: 'device_bound' },
  'PUT /api/citizens/{id}/auto-answer': { enabled: false, countdownSeconds: 10, quietHours: null },
  'PUT /api/citizens/{id}/do-not-disturb': { until: null },
  'POST /api/devices': { label: 'M-matrix' },
  'POST /api/devices/{id}/lend': { citizenId: '00000000-0000-4000-8000-000000000000' },
  'PUT /api/devices/{id}/config': { volume: 50 },
  'POST /api/devices/{id}/hold': { heldAs: 'in_repair' },
  'PUT /api/auth/sso/{municipalityId}/config': {
    issuer: 'https://login.example.dk/tenant/v2.0',
    clientId: 'screenvisit',
    clientSecret: 'not-a-real-secret',
    usernameClaim: 'upn',
  },
};

async function call(route: string, rule: RouteAccess, principal: Principal): Promise<number> {
  const [method, template] = route.split(' ') as [string, string];
  const id = await targetId(rule.target);
  const path = template.replace(/\{(id|municipalityId)\}/, id).replace(/\{[A-Za-z]+\}/g, () => randomUUID());
  const subject = subjects.get(principal);
  const headers = subject
    ? (await sessionFor(t, subject)).headers
    : { origin: t.base, 'content-type': 'application/json' };
  const response = await fetch(`${t.base}${path}`, {
    method,
    headers,
    redirect: 'manual',
    ...(method === 'GET' || method === 'DELETE' ? {} : { body: JSON.stringify(VALID_BODIES[route] ?? {}) }),
  });
  await response.arrayBuffer();
  return response.status;
}

type Expectation = 'allowed' | 'unauthenticated' | 'forbidden' | 'refused' | 'refused-login-step' | 'any';

function expected(rule: RouteAccess, principal: Principal): Expectation {
  const access = rule.access;
  if (access.kind === 'public') return 'allowed';
  // A login step without a login in progress: refused, as 401, or as 400 when the (empty) body is checked first.
  if (access.kind === 'login-step' && principal === 'anonymous') return 'refused-login-step';
  if (principal === 'anonymous') return 'unauthenticated';
  if (access.kind === 'login-step' || access.kind === 'credential') return 'any';
  if (access.kind === 'session') return 'allowed';
  const role: Role = principal === 'foreign_support' ? 'support' : principal;
  if (!access.roles.includes(role)) return 'forbidden';
  // Support of another municipality holds the right role, but never reaches this municipality's objects.
  if (principal === 'foreign_support' && rule.target !== 'none') return 'refused';
  return 'allowed';
}

describe('the authorization matrix', () => {
  it('documents every route the API publishes, and no route that does not exist', () => {
    expect(routes.filter((r) => !(r in AUTHORIZATION_MATRIX))).toEqual([]);
    expect(Object.keys(AUTHORIZATION_MATRIX).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it('answers every route, for every role, nobody and another municipality, exactly as documented', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const rule = AUTHORIZATION_MATRIX[route];
      if (!rule) continue;
      // One route's principals at once, the routes one after another. Each call is another person with a fresh
      // session and a fresh target, so none changes what another of the same route sees (a "log out everywhere"
      // ends only its own person's sessions, and that person's next call, on the next route, has a new one).
      const statuses = await Promise.all(PRINCIPALS.map((principal) => call(route, rule, principal)));
      for (const [i, principal] of PRINCIPALS.entries()) {
        const status = statuses[i]!;
        const want = expected(rule, principal);
        const ok =
          status < 500 &&
          (want === 'any' ||
            (want === 'allowed' && status !== 401 && status !== 403) ||
            (want === 'unauthenticated' && status === 401) ||
            (want === 'forbidden' && status === 403) ||
            (want === 'refused' && (status === 403 || status === 404)) ||
            (want === 'refused-login-step' && (status === 400 || status === 401)));
        if (!ok) mismatches.push(`${route} as ${principal}: ${status}, expected ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 180_000);
});
