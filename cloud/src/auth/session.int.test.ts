import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { sessionsTable, staffTable } from '../db/index.js';
import { hashToken } from './session-store.js';

let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

const session = async (headers: Record<string, string>, passive = false) => {
  const response = await fetch(`${t.base}/api/auth/session`, {
    headers: { ...headers, ...(passive ? { 'x-sv-passive': '1' } : {}) },
  });
  return (await response.json()) as {
    authenticated: boolean;
    displayName?: string;
    id?: string;
    username?: string;
    idleExpiresAt?: string;
    csrfToken?: string;
  };
};

async function staffSession(settings?: Parameters<typeof createMunicipality>[1]) {
  const municipality = await createMunicipality(t, settings);
  const staff = await createStaff(t, municipality.id, 'support');
  const s = await sessionFor(t, { kind: 'staff', id: staff.id, municipalityId: municipality.id });
  return { municipality, staff, ...s };
}

const logoutEverywhere = (headers: Record<string, string>) =>
  fetch(`${t.base}/api/auth/logout-everywhere`, { method: 'POST', headers });

describe('sessions', () => {
  it('tells a full session its own display name, and a pending login nothing about the person', async () => {
    const { headers, staff, municipality } = await staffSession();
    expect((await session(headers)).displayName).toBe(staff.displayName);
    // Its own id, so a page can tell "this is you" (support's staff card offers no "Luk" on one's own).
    expect((await session(headers)).id).toBe(staff.id);
    expect((await session(headers)).username).toBe(staff.username);
    const pending = await sessionFor(
      t,
      { kind: 'staff', id: staff.id, municipalityId: municipality.id },
      'second_factor',
    );
    expect((await session(pending.headers)).displayName).toBeUndefined();
    expect((await session(pending.headers)).id).toBeUndefined();
  });

  it('stores only a hash of the token, never the token itself', async () => {
    const { token, sessionId } = await staffSession();
    const [row] = await t.cloud.db.db.select().from(sessionsTable).where(eq(sessionsTable.id, sessionId));
    expect(row!.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('sets an HttpOnly, Secure, SameSite=Strict, __Host- cookie', async () => {
    const { headers } = await staffSession();
    const response = await fetch(`${t.base}/api/auth/logout`, { method: 'POST', headers });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-sv_session=/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/Path=\//);
  });

  it('refuses an unsafe request without the session CSRF token', async () => {
    const { headers } = await staffSession();
    const { 'x-csrf-token': _omitted, ...withoutCsrf } = headers;
    expect((await logoutEverywhere(withoutCsrf)).status).toBe(403);
    expect((await logoutEverywhere({ ...withoutCsrf, 'x-csrf-token': 'forged' })).status).toBe(403);
    expect((await session(headers)).authenticated).toBe(true);
  });

  it('logs out after the municipality idle timeout, and a passive poll does not count as activity', async () => {
    const { headers, sessionId } = await staffSession({
      staffNetworks: ['127.0.0.0/8', '::1/128'],
      idleTimeoutMinutes: 15,
    });
    const before = await session(headers, true);
    expect(before.authenticated).toBe(true);
    const lastSeen = async () =>
      (
        await t.cloud.db.db.select().from(sessionsTable).where(eq(sessionsTable.id, sessionId))
      )[0]!.lastSeenAt.getTime();
    const seen = await lastSeen();
    await session(headers, true);
    expect(await lastSeen()).toBe(seen);

    await t.cloud.db.db
      .update(sessionsTable)
      .set({ lastSeenAt: new Date(Date.now() - 15 * 60_000 - 1_000) })
      .where(eq(sessionsTable.id, sessionId));
    const response = await logoutEverywhere(headers);
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/inactive/);
    expect((await session(headers)).authenticated).toBe(false);
  });

  it('keeps a citizen’s session past the idle timeout (the customer’s rule is for staff) and names no idle expiry', async () => {
    const municipality = await createMunicipality(t, { idleTimeoutMinutes: 15 });
    const citizen = await createCitizen(t, municipality.id);
    const { headers, sessionId } = await sessionFor(t, {
      kind: 'citizen',
      id: citizen.id,
      municipalityId: municipality.id,
    });
    await t.cloud.db.db
      .update(sessionsTable)
      .set({ lastSeenAt: new Date(Date.now() - 8 * 60 * 60_000) })
      .where(eq(sessionsTable.id, sessionId));
    const after = await session(headers, true);
    expect(after.authenticated).toBe(true);
    expect(after.idleExpiresAt).toBeUndefined();
    expect((await fetch(`${t.base}/api/citizen/me`, { headers })).status).toBe(200);
  });

  it('ends a session at its absolute lifetime however active it is', async () => {
    const { headers, sessionId } = await staffSession();
    await t.cloud.db.db
      .update(sessionsTable)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(sessionsTable.id, sessionId));
    expect((await session(headers)).authenticated).toBe(false);
  });

  it('refuses the next request of a disabled staff member', async () => {
    const { headers, staff } = await staffSession();
    await t.cloud.db.db.update(staffTable).set({ disabledAt: new Date() }).where(eq(staffTable.id, staff.id));
    expect((await logoutEverywhere(headers)).status).toBe(401);
  });

  it('refuses staff outside the municipality networks without ending the session', async () => {
    const { headers } = await staffSession({ staffNetworks: ['10.0.0.0/8'] });
    const response = await logoutEverywhere(headers);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/network/);
  });

  it('logs out everywhere: every session of the person ends, others are untouched', async () => {
    const a = await staffSession();
    const second = await sessionFor(t, { kind: 'staff', id: a.staff.id, municipalityId: a.municipality.id });
    const bystander = await staffSession();
    expect((await logoutEverywhere(a.headers)).status).toBe(204);
    expect((await session(a.headers)).authenticated).toBe(false);
    expect((await session(second.headers)).authenticated).toBe(false);
    expect((await session(bystander.headers)).authenticated).toBe(true);
  });

  it('gives a session still waiting for its second factor no access', async () => {
    const municipality = await createMunicipality(t);
    const staff = await createStaff(t, municipality.id, 'support');
    const pending = await sessionFor(
      t,
      { kind: 'staff', id: staff.id, municipalityId: municipality.id },
      'second_factor',
    );
    expect((await session(pending.headers)).authenticated).toBe(false);
    expect((await logoutEverywhere(pending.headers)).status).toBe(401);
    expect((await fetch(`${t.base}/api/audit`, { headers: pending.headers })).status).toBe(401);
  });
});
