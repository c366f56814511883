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
import { auditLogTable, citizensTable, devicesTable, staffTable } from '../db/index.js';

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

describe('a citizen in use without logging in', () => {
  it('is not closed while her loan kiosk is switched on, and is warned about before she is closed once it is taken back', async () => {
    const m = await createMunicipality(t, {
      staffNetworks: LOOPBACK_NETWORKS,
      inactivityWarnDays: 30,
      inactivityDisableDays: 90,
    });
    const now = Date.now();
    const support = await createStaff(t, m.id, 'support', { lastLoginAt: new Date(now) });
    const headers = (await sessionFor(t, { kind: 'staff', id: support.id, municipalityId: m.id })).headers;
    // A resident with a loan kiosk never logs in: the kiosk has its own credential.
    const aase = await createCitizen(t, m.id, {
      displayName: 'Aase Kioskbruger',
      createdAt: new Date(now - 200 * DAY),
    });
    const [kiosk] = await t.cloud.db.db
      .insert(devicesTable)
      .values({
        municipalityId: m.id,
        label: 'KBH-INAKTIV-1',
        lifecycle: 'lent',
        citizenId: aase.id,
        lastSeenAt: new Date(now - 3_600_000),
      })
      .returning();
    const forgotten = await createCitizen(t, m.id, {
      displayName: 'Glemt Borger',
      createdAt: new Date(now - 95 * DAY),
    });
    const inactive = async () =>
      (
        (await (await fetch(`${t.base}/api/accounts/inactive`, { headers })).json()) as {
          accounts: { id: string; level: string }[];
        }
      ).accounts
        .filter((a) => a.id === aase.id || a.id === forgotten.id)
        .map(({ id, level }) => ({ id, level }));
    const alerts = async () =>
      (
        (await (await fetch(`${t.base}/api/alerts`, { headers })).json()) as {
          alerts: { kind: string; subject: { kind: string; id: string }; figures: Record<string, number> }[];
        }
      ).alerts.filter((a) => a.kind === 'inactive_account' && a.subject.kind === 'citizen');

    expect(await inactive()).toEqual([{ id: forgotten.id, level: 'disable_due' }]);
    // Support is told about the citizen the job is about to close (before, only staff were in Advarsler).
    expect(await alerts()).toEqual([
      expect.objectContaining({
        subject: expect.objectContaining({ kind: 'citizen', id: forgotten.id }),
        figures: { days: 95, neverLoggedIn: 1 },
      }),
    ]);
    await t.cloud.records.sweepInactive(new Date(now));
    const closed = async (id: string) =>
      (await t.cloud.db.db.select().from(citizensTable).where(eq(citizensTable.id, id)))[0]?.disabledAt ??
      null;
    expect(await closed(aase.id)).toBeNull();
    expect(await closed(forgotten.id)).not.toBeNull();

    // Support collects the kiosk: the count starts at the return, so she is warned about first, closed later.
    const back = await fetch(`${t.base}/api/devices/${kiosk!.id}/return`, { method: 'POST', headers });
    expect(back.status).toBe(200);
    expect(await inactive()).toEqual([]);
    // (The job sweeps every municipality in this database, so its count is not this test's: read her row.)
    await t.cloud.records.sweepInactive(new Date(now + 40 * DAY));
    expect(await closed(aase.id)).toBeNull();
    await t.cloud.records.sweepInactive(new Date(now + 91 * DAY));
    expect(await closed(aase.id)).not.toBeNull();
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
