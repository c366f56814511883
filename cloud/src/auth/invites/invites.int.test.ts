import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff } from '../../../test/fixtures.js';
import { type Desk, supportDesk } from '../../../test/kits/citizens.js';
import { Browser } from '../../../test/kits/http-client.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { auditLogTable, staffInvitesTable, staffTable } from '../../db/index.js';

/**
 * Issue 12 §1: staff created by import or by hand have no password. Support makes a one-time invitation (a
 * link to hand over or print); opening it forces a new password, then the second factor. Never a password in
 * an e-mail; single use; it expires; only its hash is stored; every step audited.
 */
describe('staff invitations', () => {
  let t: TestCloud;
  let desk: Desk;
  const NEW_PASSWORD = 'Rullende-Havkat-Ved-Kysten-27';
  const tokenOf = (path: string) => path.split('#invitation=')[1]!;
  const invite = async (staffId: string) => {
    const res = await desk.call('POST', `/api/staff/${staffId}/invite`);
    expect(res.status).toBe(201);
    return (await res.json()) as { token: string; path: string; expiresAt: string };
  };

  beforeAll(async () => {
    t = await startTestCloud();
    desk = await supportDesk(t);
  });
  afterAll(() => t.close());

  it('lets a new staff member in once: a password first, then the authenticator app, and never again', async () => {
    const bo = await createStaff(t, desk.municipality.id, 'staff', { username: 'bo.invite' });
    const issued = await invite(bo.id);
    expect(issued.path).toBe(`/staff/#invitation=${issued.token}`);
    expect(new Date(issued.expiresAt).getTime() - Date.now()).toBeGreaterThan(13 * 86_400_000);
    const [stored] = await t.cloud.db.db
      .select()
      .from(staffInvitesTable)
      .where(eq(staffInvitesTable.staffId, bo.id));
    expect(stored?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(issued.token);

    const browser = new Browser(t.base);
    const opened = await browser.post('/api/auth/invite', { token: tokenOf(issued.path) });
    expect(opened.status).toBe(200);
    expect(opened.json).toMatchObject({ stage: 'password_change', enrolmentRequired: true });
    // The half-way login opens nothing else.
    expect((await browser.call('/api/people/staff?q=bo')).status).toBe(401);

    const chosen = await browser.post('/api/auth/password', { next: NEW_PASSWORD });
    expect(chosen.status).toBe(200);
    expect(chosen.json).toMatchObject({ stage: 'second_factor', factors: [], enrolmentRequired: true });
    expect((await browser.post('/api/auth/totp/enrol')).status).toBe(200);

    const again = await new Browser(t.base, undefined, { 'accept-language': 'da' }).post('/api/auth/invite', {
      token: issued.token,
    });
    expect(again.status).toBe(410);
    expect(again.json.detail).toBe(
      'Invitationslinket kan ikke bruges: det er brugt, erstattet af et nyt eller udløbet. Bed support om et nyt.',
    );
    const login = await new Browser(t.base).post('/api/auth/login', {
      username: 'bo.invite',
      password: NEW_PASSWORD,
    });
    expect(login.json).toMatchObject({ stage: 'second_factor', enrolmentRequired: true });

    const actions = (
      await t.cloud.db.db
        .select({ action: auditLogTable.action })
        .from(auditLogTable)
        .where(eq(auditLogTable.targetId, bo.id))
    ).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'staff.invite_issued',
        'auth.invite.accepted',
        'auth.password.changed',
        'auth.invite.refused',
      ]),
    );
  });

  it('works only with the newest invitation, and not after it expires', async () => {
    const ea = await createStaff(t, desk.municipality.id);
    const first = await invite(ea.id);
    const second = await invite(ea.id);
    expect((await new Browser(t.base).post('/api/auth/invite', { token: first.token })).status).toBe(410);
    await t.cloud.db.db
      .update(staffInvitesTable)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(and(eq(staffInvitesTable.staffId, ea.id)));
    expect((await new Browser(t.base).post('/api/auth/invite', { token: second.token })).status).toBe(410);
    const status = (await (await desk.call('GET', `/api/staff/${ea.id}/invite`)).json()) as {
      hasPassword: boolean;
      invite: { state: string };
    };
    expect(status).toMatchObject({ hasPassword: false, invite: { state: 'expired' } });
  });

  it('refuses to invite someone who has a password or a closed account, or another municipality’s staff', async () => {
    const hasOne = await createStaff(t, desk.municipality.id, 'staff', { passwordHash: '$argon2id$v=19$x' });
    expect((await desk.call('POST', `/api/staff/${hasOne.id}/invite`)).status).toBe(409);
    const closed = await createStaff(t, desk.municipality.id, 'staff', { disabledAt: new Date() });
    expect((await desk.call('POST', `/api/staff/${closed.id}/invite`)).status).toBe(409);
    const other = await supportDesk(t);
    const theirs = await createStaff(t, other.municipality.id);
    expect((await desk.call('POST', `/api/staff/${theirs.id}/invite`)).status).toBe(404);
    expect((await desk.call('GET', `/api/staff/${theirs.id}/invite`)).status).toBe(404);
  });

  it('is refused off the staff network without being spent, and a closed account cannot use it', async () => {
    const away = await createMunicipality(t, { staffNetworks: ['10.0.0.0/8'] });
    const awayDesk = await createStaff(t, away.id, 'support');
    const nina = await createStaff(t, away.id);
    const { issueInvite } = await import('./invites.js');
    const issued = await issueInvite(t.cloud.db.db, {
      municipalityId: away.id,
      staffId: nina.id,
      byStaffId: awayDesk.id,
      now: new Date(),
    });
    expect((await new Browser(t.base).post('/api/auth/invite', { token: issued.token })).status).toBe(403);
    const [row] = await t.cloud.db.db
      .select()
      .from(staffInvitesTable)
      .where(eq(staffInvitesTable.id, issued.id));
    expect(row?.usedAt).toBeNull();

    const ole = await createStaff(t, desk.municipality.id);
    const olesInvite = await invite(ole.id);
    await t.cloud.db.db.update(staffTable).set({ disabledAt: new Date() }).where(eq(staffTable.id, ole.id));
    expect((await new Browser(t.base).post('/api/auth/invite', { token: olesInvite.token })).status).toBe(
      410,
    );
  });
});
