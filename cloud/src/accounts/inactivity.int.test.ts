import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCitizen,
  createMunicipality,
  createStaff,
  LOOPBACK_NETWORKS,
  sessionFor,
} from '../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, staffTable } from '../db/index.js';

const DAY = 86_400_000;
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

describe('inactive accounts', () => {
  it('lists accounts past the warning period for support, and the job disables them after M days', async () => {
    const m = await createMunicipality(t, {
      staffNetworks: LOOPBACK_NETWORKS,
      inactivityWarnDays: 30,
      inactivityDisableDays: 90,
    });
    const now = Date.now();
    const support = await createStaff(t, m.id, 'support', { lastLoginAt: new Date(now) });
    const idle = await createStaff(t, m.id, 'staff', { lastLoginAt: new Date(now - 40 * DAY) });
    const gone = await createStaff(t, m.id, 'staff', { lastLoginAt: new Date(now - 100 * DAY) });
    const fresh = await createStaff(t, m.id, 'staff', { lastLoginAt: new Date(now - 5 * DAY) });
    const citizen = await createCitizen(t, m.id, { createdAt: new Date(now - 95 * DAY) });
    const headers = (await sessionFor(t, { kind: 'staff', id: support.id, municipalityId: m.id })).headers;
    const goneSession = await sessionFor(t, { kind: 'staff', id: gone.id, municipalityId: m.id });

    const list = (await (await fetch(`${t.base}/api/accounts/inactive`, { headers })).json()) as {
      accounts: { id: string; level: string }[];
    };
    const level = Object.fromEntries(list.accounts.map((a) => [a.id, a.level]));
    expect(level).toEqual({ [idle.id]: 'warning', [gone.id]: 'disable_due', [citizen.id]: 'disable_due' });
    expect(level[fresh.id]).toBeUndefined();

    // The job with a fake "now": nothing is due yet 10 days ago, then two accounts at the real date.
    expect(await t.cloud.records.sweepInactive(new Date(now - 11 * DAY))).toBe(0);
    expect(await t.cloud.records.sweepInactive(new Date(now))).toBe(2);
    const [row] = await t.cloud.db.db.select().from(staffTable).where(eq(staffTable.id, gone.id));
    expect(row?.disabledAt).not.toBeNull();
    const [idleRow] = await t.cloud.db.db.select().from(staffTable).where(eq(staffTable.id, idle.id));
    expect(idleRow?.disabledAt).toBeNull();
    const audit = await t.cloud.db.db.select().from(auditLogTable).where(eq(auditLogTable.targetId, gone.id));
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'staff.disabled',
        actorKind: 'system',
        details: expect.objectContaining({ reason: 'inactivity' }),
      }),
    ]);
    const next = await fetch(`${t.base}/api/auth/logout-everywhere`, {
      method: 'POST',
      headers: goneSession.headers,
    });
    expect(next.status).toBe(401);
  });
});

describe('robustness of the records endpoints', () => {
  it('never answers 500 or leaks a stack trace, whatever the body, path id and headers', async () => {
    const m = await createMunicipality(t);
    const support = await createStaff(t, m.id, 'support');
    const { headers } = await sessionFor(t, { kind: 'staff', id: support.id, municipalityId: m.id });
    const created = await fetch(`${t.base}/api/scim/tokens`, {
      method: 'POST',
      headers,
      body: '{"label":"fuzz"}',
    });
    const { token } = (await created.json()) as { token: string };
    const routes = [
      ['POST', '/api/staff/:id/disable'],
      ['POST', '/api/citizens/:id/disable'],
      ['POST', '/api/devices/:id/revoke'],
      ['GET', '/api/accounts/inactive'],
      ['GET', '/api/audit'],
      ['GET', '/api/audit/export'],
      ['GET', '/api/citizens/:id/export'],
      ['DELETE', '/api/citizens/:id'],
      ['POST', '/api/scim/tokens'],
      ['POST', '/scim/v2/Users'],
      ['PATCH', '/scim/v2/Users/:id'],
      ['PATCH', '/scim/v2/Groups/:id'],
      ['GET', '/scim/v2/Users'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
        fc.oneof(fc.json(), fc.string({ maxLength: 200 })),
        fc.dictionary(
          fc.constantFrom('limit', 'before', 'format', 'filter', 'count', 'startIndex'),
          fc.string({ maxLength: 30 }),
        ),
        fc.boolean(),
        fc.constantFrom(`Bearer ${token}`, `Bearer ${token}`, 'Bearer svscim_x', 'Bearer ', 'Basic abc', ''),
        async ([method, path], id, body, query, withSession, authorization) => {
          const url = `${t.base}${path.replace(':id', encodeURIComponent(id))}?${new URLSearchParams(query)}`;
          const response = await fetch(url, {
            method,
            headers: {
              ...(withSession ? headers : { origin: t.base }),
              ...(authorization ? { authorization } : {}),
            },
            ...(method === 'GET' ? {} : { body }),
          });
          const text = await response.text();
          expect(response.status).toBeLessThan(500);
          expect(text).not.toMatch(/\bat .*\.(ts|js):\d+|node_modules/);
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
