import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../../test/fixtures.js';
import { TestBrowser } from '../../../test/sso/browser.js';
import { startSsoTestCloud } from '../../../test/sso/sso-cloud.js';
import { CALLBACK_PATH, configureSso, loginAtIdp, sessionState } from '../../../test/sso/sso-flow.js';
import { startTestIdp, type TestIdp } from '../../../test/sso/test-idp.js';
import { auditLogTable, identityProvidersTable, staffTable } from '../../db/index.js';
import { cookieName } from '../session-cookie.js';

let t: Awaited<ReturnType<typeof startSsoTestCloud>>;
let idp: TestIdp;

beforeAll(async () => {
  t = await startSsoTestCloud();
  idp = await startTestIdp(`${t.base}${CALLBACK_PATH}`);
});
afterAll(async () => {
  await idp?.close();
  await t?.close();
});

/** A municipality with SSO, a staff member in it, and the same person at the IdP. */
async function scenario(
  options: { trustIdpMfa?: boolean; staffNetworks?: string[]; disabled?: boolean } = {},
) {
  const municipality = await createMunicipality(t, {
    staffNetworks: options.staffNetworks ?? ['127.0.0.0/8'],
  });
  const res = await configureSso(t, municipality.id, idp, { trustIdpMfa: options.trustIdpMfa ?? true });
  expect(res.status).toBe(200);
  const username = `anna-${randomUUID().slice(0, 8)}@kk.dk`;
  const staff = await createStaff(t, municipality.id, 'staff', {
    username,
    disabledAt: options.disabled ? new Date() : null,
  });
  const password = `idp-pw-${randomUUID()}`;
  // The IdP's subject differs from our id; the configured claim (preferred_username) is what maps.
  idp.accounts.set(username, { password, claims: { preferred_username: username.toUpperCase() } });
  return { municipality, staff, username, password };
}

async function lastLoginAudit(municipalityId: string) {
  const rows = await t.cloud.db.db
    .select()
    .from(auditLogTable)
    .where(eq(auditLogTable.municipalityId, municipalityId))
    .orderBy(auditLogTable.id);
  return rows.filter((r) => r.action.startsWith('auth.login.')).at(-1);
}

const hasSessionCookie = (browser: TestBrowser) =>
  browser.cookies(t.base).has(cookieName(t.config.COOKIE_SECURE));

describe('staff single sign-on (OpenID Connect against a real oidc-provider)', () => {
  it('gives a full session when the trusted IdP proves MFA in the ID token', async () => {
    const s = await scenario({ trustIdpMfa: true });
    const browser = new TestBrowser();
    const callback = await loginAtIdp(browser, t, s.municipality.id, { ...s, otp: '123456' });
    const landed = await browser.send(callback);
    expect(landed.status).toBe(302);
    expect(landed.headers.location).toBe('/staff/');
    expect(await sessionState(browser, t)).toMatchObject({
      authenticated: true,
      stage: 'full',
      kind: 'staff',
    });
    const audit = await lastLoginAudit(s.municipality.id);
    expect(audit).toMatchObject({ action: 'auth.login.succeeded', actorId: s.staff.id, ip: '127.0.0.1' });
    expect(audit?.details).toMatchObject({ method: 'oidc', stage: 'full' });
    const [staff] = await t.cloud.db.db.select().from(staffTable).where(eq(staffTable.id, s.staff.id));
    expect(staff?.lastLoginAt).not.toBeNull();
  });

  it('asks for the local second factor when the IdP login was password only', async () => {
    const s = await scenario({ trustIdpMfa: true });
    const browser = new TestBrowser();
    const landed = await browser.send(await loginAtIdp(browser, t, s.municipality.id, s));
    expect(landed.status).toBe(302);
    expect(await sessionState(browser, t)).toMatchObject({ authenticated: false, stage: 'second_factor' });
    expect((await lastLoginAudit(s.municipality.id))?.action).toBe('auth.login.sso_verified');
  });

  it('asks for the local second factor when the municipality does not trust its IdP’s MFA', async () => {
    const s = await scenario({ trustIdpMfa: false });
    const browser = new TestBrowser();
    await browser.send(await loginAtIdp(browser, t, s.municipality.id, { ...s, otp: '123456' }));
    expect(await sessionState(browser, t)).toMatchObject({ authenticated: false, stage: 'second_factor' });
  });

  it('refuses an IdP user who has no staff account in this municipality, even one with an account elsewhere', async () => {
    const s = await scenario();
    const other = await createMunicipality(t);
    const stranger = `bo-${randomUUID().slice(0, 8)}@kk.dk`;
    await createStaff(t, other.id, 'staff', { username: stranger });
    idp.accounts.set(stranger, { password: 'pw-bo-123456', claims: { preferred_username: stranger } });
    const browser = new TestBrowser();
    const landed = await browser.send(
      await loginAtIdp(browser, t, s.municipality.id, {
        username: stranger,
        password: 'pw-bo-123456',
        otp: '1',
      }),
    );
    expect(landed.status).toBe(403);
    expect(landed.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(landed.body).detail).toMatch(/do not have a ScreenVisit staff account/);
    expect(hasSessionCookie(browser)).toBe(false);
    const audit = await lastLoginAudit(s.municipality.id);
    expect(audit).toMatchObject({ action: 'auth.login.failed', actorId: null });
    expect(audit?.details).toMatchObject({ reason: 'unknown_user', method: 'oidc' });
    expect(JSON.stringify(audit)).not.toContain(stranger);
  });

  it('refuses a disabled staff member', async () => {
    const s = await scenario({ disabled: true });
    const browser = new TestBrowser();
    const landed = await browser.send(await loginAtIdp(browser, t, s.municipality.id, { ...s, otp: '1' }));
    expect(landed.status).toBe(403);
    expect(JSON.parse(landed.body).detail).toMatch(/account is closed/);
    expect(hasSessionCookie(browser)).toBe(false);
    expect(await lastLoginAudit(s.municipality.id)).toMatchObject({
      action: 'auth.login.failed',
      actorId: s.staff.id,
    });
  });

  it('refuses a callback whose state was tampered with, before redeeming the code', async () => {
    const s = await scenario();
    const browser = new TestBrowser();
    const callback = await loginAtIdp(browser, t, s.municipality.id, { ...s, otp: '1' });
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const before = idp.tokenRequests();
    const landed = await browser.send(callback);
    expect(landed.status).toBe(400);
    expect(hasSessionCookie(browser)).toBe(false);
    expect(idp.tokenRequests()).toBe(before);
    expect((await lastLoginAudit(s.municipality.id))?.details).toMatchObject({ reason: 'invalid_response' });
  });

  it('refuses a callback opened from outside the staff networks (real connection from 127.0.0.2)', async () => {
    const s = await scenario({ staffNetworks: ['127.0.0.1/32'] });
    const browser = new TestBrowser('127.0.0.1');
    const callback = await loginAtIdp(browser, t, s.municipality.id, { ...s, otp: '1' });
    browser.localAddress = '127.0.0.2';
    const before = idp.tokenRequests();
    const landed = await browser.send(callback);
    expect(landed.status).toBe(403);
    expect(JSON.parse(landed.body).detail).toMatch(/municipality’s network/);
    expect(hasSessionCookie(browser)).toBe(false);
    expect(idp.tokenRequests()).toBe(before);
    expect(await lastLoginAudit(s.municipality.id)).toMatchObject({
      action: 'auth.login.failed',
      ip: '127.0.0.2',
    });
  });

  it('refuses to start SSO from outside the staff networks', async () => {
    const s = await scenario({ staffNetworks: ['127.0.0.1/32'] });
    const page = await new TestBrowser('127.0.0.3').send(
      new URL(`/api/auth/sso/${s.municipality.id}/start`, t.base),
    );
    expect(page.status).toBe(403);
  });

  it('refuses a replayed callback, without asking the IdP again', async () => {
    const s = await scenario();
    const browser = new TestBrowser();
    const callback = await loginAtIdp(browser, t, s.municipality.id, { ...s, otp: '1' });
    const attemptCookies = new Map(browser.cookies(t.base));
    expect((await browser.send(callback)).status).toBe(302);
    // The attacker has the callback URL and the attempt cookie (e.g. from the same browser's history).
    const attacker = new TestBrowser();
    attacker.jar.set(t.base, attemptCookies);
    const before = idp.tokenRequests();
    const replay = await attacker.send(callback);
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body).detail).toMatch(/already used or has expired/);
    expect(hasSessionCookie(attacker)).toBe(false);
    expect(idp.tokenRequests()).toBe(before);
  });

  it('refuses a callback in a browser that did not start the sign-in (login CSRF)', async () => {
    const s = await scenario();
    const victim = new TestBrowser();
    const callback = await loginAtIdp(new TestBrowser(), t, s.municipality.id, { ...s, otp: '1' });
    const landed = await victim.send(callback);
    expect(landed.status).toBe(400);
    expect(hasSessionCookie(victim)).toBe(false);
  });

  it('refuses a callback after the sign-in window has passed', async () => {
    const s = await scenario();
    const browser = new TestBrowser();
    const callback = await loginAtIdp(browser, t, s.municipality.id, { ...s, otp: '1' });
    t.clock.advance(11 * 60_000);
    try {
      expect((await browser.send(callback)).status).toBe(400);
    } finally {
      t.clock.advance(-11 * 60_000);
    }
  });
});

describe('SSO configuration', () => {
  it('keeps the client secret sealed and never returns it', async () => {
    const m = await createMunicipality(t);
    const res = await configureSso(t, m.id, idp);
    const body = await res.json();
    expect(body).toMatchObject({ hasClientSecret: true, issuer: idp.issuer });
    expect(JSON.stringify(body)).not.toContain(idp.clientSecret);
    const [row] = await t.cloud.db.db
      .select()
      .from(identityProvidersTable)
      .where(eq(identityProvidersTable.municipalityId, m.id));
    expect(row?.clientSecret).not.toContain(idp.clientSecret);
    const audit = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(
        and(eq(auditLogTable.municipalityId, m.id), eq(auditLogTable.action, 'auth.sso.config_changed')),
      );
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(idp.clientSecret);
  });

  it('lets only support of that municipality (or a system admin) change it', async () => {
    const m = await createMunicipality(t);
    const other = await createMunicipality(t);
    const body = JSON.stringify({
      issuer: idp.issuer,
      clientId: 'x',
      clientSecret: 'y',
      usernameClaim: 'upn',
    });
    const as = async (
      municipalityId: string,
      role: 'staff' | 'unit_manager' | 'support' | 'vendor_support' | 'system_admin',
    ) => {
      const who = await createStaff(t, municipalityId, role);
      const { headers } = await sessionFor(t, { kind: 'staff', id: who.id, municipalityId });
      return (await fetch(`${t.base}/api/auth/sso/${m.id}/config`, { method: 'PUT', headers, body })).status;
    };
    expect(await as(m.id, 'staff')).toBe(403);
    expect(await as(m.id, 'unit_manager')).toBe(403);
    expect(await as(m.id, 'vendor_support')).toBe(403);
    expect(await as(other.id, 'support')).toBe(403);
    expect(await as(m.id, 'support')).toBe(200);
    expect(await as(other.id, 'system_admin')).toBe(200);
    const anonymous = { origin: t.base, 'content-type': 'application/json' };
    expect(
      (await fetch(`${t.base}/api/auth/sso/${m.id}/config`, { method: 'PUT', headers: anonymous, body }))
        .status,
    ).toBe(401);
  });
});
