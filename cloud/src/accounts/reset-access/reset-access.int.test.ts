import { eq } from 'drizzle-orm';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../../test/fixtures.js';
import { createUnit } from '../../../test/kits/care.js';
import { Browser } from '../../../test/kits/http-client.js';
import { openWs } from '../../../test/kits/ws.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { hashPassword } from '../../auth/password/hashing.js';
import {
  auditLogTable,
  dutyPeriodsTable,
  type StaffRole,
  staffRecoveryCodesTable,
  staffTable,
  staffTotpTable,
} from '../../db/index.js';
import { CLOSE_SESSION_ENDED } from '../../realtime/ws/sockets.js';

/**
 * A municipality's only support worker lost her phone, forgot her password, or was closed for inactivity:
 * 2nd line (vendor_support) gives her access back with a one-time password she must replace, and a new
 * authenticator she must enrol; the old one stops working at once.
 */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

const OLD_PASSWORD = 'Kaffekande-Trappe-Vindue-47';
const NEW_PASSWORD = 'Fyrtaarn-Kajak-Lynild-62';

let oldHash: string | undefined;
async function desk() {
  const m = await createMunicipality(t);
  oldHash ??= await hashPassword(OLD_PASSWORD);
  const passwordHash = oldHash;
  const make = (role: StaffRole) =>
    createStaff(t, m.id, role, { passwordHash, passwordChangedAt: new Date() }).then(async (s) => {
      // An enrolled authenticator and a recovery code: the lost phone's factors.
      await t.cloud.db.db
        .insert(staffTotpTable)
        .values({ staffId: s.id, secretEnc: 'sealed-old-secret', confirmedAt: new Date() });
      await t.cloud.db.db
        .insert(staffRecoveryCodesTable)
        .values({ staffId: s.id, codeHash: 'x'.repeat(64), createdAt: new Date() });
      return s;
    });
  const sofie = await make('support');
  const nina = await make('vendor_support');
  const nurse = await make('staff');
  const admin = await make('system_admin');
  const as = async (s: { id: string }) =>
    (await sessionFor(t, { kind: 'staff', id: s.id, municipalityId: m.id })).headers;
  return { m, sofie, nina, nurse, admin, as };
}

const reset = (id: string, headers: Record<string, string>, body: unknown = { reopen: false }) =>
  fetch(`${t.base}/api/staff/${id}/reset-access`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function firstLogin(username: string, password: string) {
  const browser = new Browser(t.base, '127.0.0.1');
  const login = await browser.post('/api/auth/login', { username, password });
  expect(login.json).toMatchObject({ stage: 'password_change', passwordChange: 'temporary' });
  const changed = await browser.post('/api/auth/password', { current: password, next: NEW_PASSWORD });
  expect(changed.json).toMatchObject({ stage: 'second_factor', enrolmentRequired: true, factors: [] });
  const secret = (await browser.post('/api/auth/totp/enrol')).json.secret as string;
  const code = await generate({ secret, epoch: Math.floor(Date.now() / 1000) });
  expect((await browser.post('/api/auth/totp/confirm', { code })).status).toBe(200);
  return browser;
}

describe('2nd line resets a support worker who is locked out', () => {
  it('gives a one-time password once, removes her old factors and sessions, and her first login replaces it', async () => {
    const { sofie, nina, as } = await desk();
    const sofieSession = await as(sofie);
    const ninaHeaders = await as(nina);
    const list = await fetch(`${t.base}/api/staff/support-accounts`, { headers: ninaHeaders });
    expect(list.status).toBe(200);
    const accounts = (await list.json()).accounts as { id: string; hasSecondFactor: boolean }[];
    expect(accounts.find((a) => a.id === sofie.id)).toMatchObject({ hasSecondFactor: true, closed: false });

    const answer = await reset(sofie.id, ninaHeaders);
    expect(answer.status).toBe(201);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const body = await answer.json();
    expect(body).toMatchObject({
      username: sofie.username,
      reopened: false,
      sessionsRevoked: 1,
      secondFactorsRemoved: 1,
    });
    expect(body.oneTimePassword).toMatch(/^[a-zA-Z0-9]{20}$/);

    // The old password, the old session and the old authenticator are gone at once.
    expect((await fetch(`${t.base}/api/staff/support-accounts`, { headers: sofieSession })).status).toBe(401);
    const old = await new Browser(t.base, '127.0.0.1').post('/api/auth/login', {
      username: sofie.username,
      password: OLD_PASSWORD,
    });
    expect(old.status).toBe(401);
    expect(
      await t.cloud.db.db.select().from(staffTotpTable).where(eq(staffTotpTable.staffId, sofie.id)),
    ).toEqual([]);
    expect(
      await t.cloud.db.db
        .select()
        .from(staffRecoveryCodesTable)
        .where(eq(staffRecoveryCodesTable.staffId, sofie.id)),
    ).toEqual([]);

    const browser = await firstLogin(sofie.username, body.oneTimePassword);
    expect((await browser.call('/api/staff/support-accounts')).status).toBe(200);

    // Audited with who, never with the password; and the password is never shown again.
    const audit = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.targetId, sofie.id));
    const entry = audit.find((a) => a.action === 'staff.access_reset');
    expect(entry).toMatchObject({ actorKind: 'staff', actorId: nina.id });
    expect(entry?.details).toMatchObject({ role: 'support', reopened: false, byRole: 'vendor_support' });
    expect(JSON.stringify(audit)).not.toContain(body.oneTimePassword);
    const again = await (
      await fetch(`${t.base}/api/staff/support-accounts`, { headers: ninaHeaders })
    ).text();
    expect(again).not.toContain(body.oneTimePassword);
  });

  it('opens an account closed for inactivity only when asked, and it is not closed again at once', async () => {
    const { sofie, nina, as } = await desk();
    const longAgo = new Date(Date.now() - 400 * 86_400_000);
    await t.cloud.db.db
      .update(staffTable)
      .set({ disabledAt: new Date(), lastLoginAt: longAgo })
      .where(eq(staffTable.id, sofie.id));
    const headers = await as(nina);
    const refused = await reset(sofie.id, headers);
    expect(refused.status).toBe(409);
    expect((await refused.json()).detail).toContain('closed');
    const opened = await reset(sofie.id, headers, { reopen: true });
    expect(opened.status).toBe(201);
    const body = await opened.json();
    expect(body.reopened).toBe(true);
    const [row] = await t.cloud.db.db.select().from(staffTable).where(eq(staffTable.id, sofie.id));
    expect(row?.disabledAt).toBeNull();
    expect(row!.lastLoginAt!.getTime()).toBeGreaterThan(longAgo.getTime());
    await firstLogin(sofie.username, body.oneTimePassword);
  });

  it('opens a closed night-watch member OFF duty: the duty her closing left open ends at the closing', async () => {
    const { m, nurse, sofie, as } = await desk();
    const pool = await createUnit(t, m.id, 'night_watch_pool', 'Nattevagten');
    const closedAt = new Date(Date.now() - 3_600_000);
    await t.cloud.db.db.insert(dutyPeriodsTable).values({
      poolUnitId: pool.id,
      staffId: nurse.id,
      startedAt: new Date(closedAt.getTime() - 3_600_000),
    });
    await t.cloud.db.db.update(staffTable).set({ disabledAt: closedAt }).where(eq(staffTable.id, nurse.id));
    expect((await reset(nurse.id, await as(sofie), { reopen: true })).status).toBe(201);
    const periods = await t.cloud.db.db
      .select()
      .from(dutyPeriodsTable)
      .where(eq(dutyPeriodsTable.staffId, nurse.id));
    expect(periods.map((p) => p.endedAt?.getTime())).toEqual([closedAt.getTime()]);
  });

  it('lets 2nd line reset only support workers, support only the people it manages, and nobody themselves', async () => {
    const { m, sofie, nina, nurse, admin, as } = await desk();
    const colleague = await createStaff(t, m.id, 'support');
    const ninaH = await as(nina);
    const sofieH = await as(sofie);
    expect((await reset(nurse.id, ninaH)).status).toBe(403);
    expect((await reset(admin.id, ninaH)).status).toBe(403);
    expect((await reset(nina.id, ninaH)).status).toBe(403);
    expect((await reset(admin.id, sofieH)).status).toBe(403);
    expect((await reset(nina.id, sofieH)).status).toBe(403);
    expect((await reset(sofie.id, sofieH)).status).toBe(403);
    expect((await reset(nurse.id, sofieH)).status).toBe(201);
    expect((await reset(colleague.id, sofieH)).status).toBe(201);
    // Another municipality's support worker does not exist for this 2nd line login.
    const other = await desk();
    expect((await reset(other.sofie.id, ninaH)).status).toBe(404);
    // Staff and the administrator have no reset at all.
    expect((await reset(sofie.id, await as(nurse))).status).toBe(403);
    expect((await reset(sofie.id, await as(admin))).status).toBe(403);
    const [untouched] = await t.cloud.db.db.select().from(staffTable).where(eq(staffTable.id, admin.id));
    expect(untouched?.passwordChangedAt).not.toBeNull();
  });
});

describe('support resets a staff member’s access', () => {
  it('closes the open console of the person whose access was reset at once, not at the next session check', async () => {
    const { m, sofie, nurse, as } = await desk();
    const nurseSession = await sessionFor(t, { kind: 'staff', id: nurse.id, municipalityId: m.id });
    const socket = await openWs(t, { cookie: nurseSession.headers.cookie!, origin: t.base });
    const resetAt = Date.now();
    expect((await reset(nurse.id, await as(sofie))).status).toBe(201);
    // The socket check runs every WS_SESSION_CHECK_SECONDS (30 s): a close within 5 s is the reset's own.
    const closed = await Promise.race([
      socket.closed,
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000)),
    ]);
    expect(closed?.code).toBe(CLOSE_SESSION_ENDED);
    expect(closed!.at - resetAt).toBeLessThan(5_000);
    socket.ws.terminate();
  });
});
