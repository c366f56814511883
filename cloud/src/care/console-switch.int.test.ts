import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor } from '../../test/fixtures.js';
import { call, careWorld, enrolTotp, member } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, dutyPeriodsTable, municipalitiesTable, sessionsTable } from '../db/index.js';

let t: TestCloud;
let w: Awaited<ReturnType<typeof careWorld>>;

beforeAll(async () => {
  t = await startTestCloud();
  w = await careWorld(t);
}, 60_000);
afterAll(() => t?.close());

const SWITCH = '/api/night-watch/console/switch';

/** The console browser: a cookie jar of one, starting with night1's full session. */
async function consoleOf(subject: { kind: 'staff'; id: string; municipalityId: string }) {
  const first = await sessionFor(t, subject);
  return { ...first, headers: { ...first.headers } };
}

function cookieFrom(reply: { headers: Headers }): string {
  const set = reply.headers.get('set-cookie') ?? '';
  return set.split(';')[0]!;
}

/** Who is on duty in the pool now (open duty periods), by staff id. */
async function onDutyIds(poolId: string): Promise<string[]> {
  const rows = await t.cloud.db.db
    .select({ staffId: dutyPeriodsTable.staffId, endedAt: dutyPeriodsTable.endedAt })
    .from(dutyPeriodsTable)
    .where(eq(dutyPeriodsTable.poolUnitId, poolId));
  return rows
    .filter((r) => r.endedAt === null)
    .map((r) => r.staffId)
    .sort();
}

/** What an hour without a press leaves behind: on duty, the session LOCKS (issue 10 §1). */
async function goIdle(sessionId: string) {
  await t.cloud.db.db
    .update(sessionsTable)
    .set({ lastSeenAt: new Date(t.clock.now() - 60 * 60_000) })
    .where(eq(sessionsTable.id, sessionId));
}

describe('the shared night-watch console switch', () => {
  it('hands the console to the next member with their own code and leaves nothing of the previous one', async () => {
    const next = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const totp = await enrolTotp(t, next.id);
    const console1 = await consoleOf(w.night1.subject);

    const switched = await call(t, console1.headers, 'POST', SWITCH, {
      username: next.username.toUpperCase(),
      code: await totp.code(),
    });
    expect(switched.status).toBe(200);
    expect(switched.json).toMatchObject({ stage: 'full', staffId: next.id });
    expect(switched.headers.get('clear-site-data')).toContain('"storage"');
    expect(switched.headers.get('cache-control')).toBe('no-store');

    // The previous session is revoked in the store, and its cookie no longer works.
    const [old] = await t.cloud.db.db
      .select()
      .from(sessionsTable)
      .where(eq(sessionsTable.id, console1.sessionId));
    expect(old).toMatchObject({ revokedReason: 'console_switch' });
    expect(old!.revokedAt).not.toBeNull();
    const oldSession = await call(t, console1.headers, 'GET', '/api/auth/session');
    expect(oldSession.json).toEqual({ authenticated: false });
    expect((await call(t, console1.headers, 'GET', '/api/night-watch/my-watches')).status).toBe(401);

    // The new cookie is the new person's.
    const newHeaders = {
      ...console1.headers,
      cookie: cookieFrom(switched),
      'x-csrf-token': switched.json.csrfToken,
    };
    const now = await call(t, newHeaders, 'GET', '/api/auth/session');
    expect(now.json).toMatchObject({ authenticated: true, role: 'staff', displayName: next.displayName });
    const [fresh] = await t.cloud.db.db
      .select()
      .from(sessionsTable)
      .where(eq(sessionsTable.method, 'console_switch'));
    expect(fresh).toMatchObject({ staffId: next.id, stage: 'full' });
    // The new person can go on duty from the console at once.
    expect(
      (await call(t, newHeaders, 'POST', `/api/night-watch/pools/${w.pool.id}/duty`, { onDuty: true }))
        .status,
    ).toBe(200);
    const audit = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'auth.console_switch'));
    expect(audit[0]).toMatchObject({
      actorId: next.id,
      details: expect.objectContaining({ previousStaffId: w.night1.id }),
    });
  });

  it('refuses a wrong code, a replayed code and someone outside the pool, and keeps the current session', async () => {
    const next = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const totp = await enrolTotp(t, next.id);
    const console2 = await consoleOf(w.night2.subject);
    const wrong = await call(t, console2.headers, 'POST', SWITCH, {
      username: next.username,
      code: await totp.wrongCode(),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const outsider = await member(t, w.municipality.id, 'staff', [w.team.id]);
    const outsiderTotp = await enrolTotp(t, outsider.id);
    const refused = await call(t, console2.headers, 'POST', SWITCH, {
      username: outsider.username,
      code: await outsiderTotp.code(),
    });
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toBe(wrong.json.detail);
    expect((await call(t, console2.headers, 'GET', '/api/auth/session')).json.authenticated).toBe(true);

    const code = await totp.code();
    expect((await call(t, console2.headers, 'POST', SWITCH, { username: next.username, code })).status).toBe(
      200,
    );
    // Replaying the same code from another console session is refused (RFC 6238 §5.2).
    const console3 = await consoleOf(w.night1.subject);
    expect((await call(t, console3.headers, 'POST', SWITCH, { username: next.username, code })).status).toBe(
      401,
    );
  });

  it('is not available to a session of someone outside any night-watch pool', async () => {
    const next = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const totp = await enrolTotp(t, next.id);
    const desk = await sessionFor(t, w.teamStaff.subject);
    expect(
      (await call(t, desk.headers, 'POST', SWITCH, { username: next.username, code: await totp.code() }))
        .status,
    ).toBe(403);
  });

  it('carries the watch over: the new person is on duty from the switch, and the previous one off when asked', async () => {
    const outgoing = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const stays = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const incoming = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const second = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const incomingTotp = await enrolTotp(t, incoming.id);
    const secondTotp = await enrolTotp(t, second.id);
    const duty = `/api/night-watch/pools/${w.pool.id}/duty`;
    const before = new Set(await onDutyIds(w.pool.id));
    const fresh = async () => (await onDutyIds(w.pool.id)).filter((id) => !before.has(id));

    const a = await consoleOf(outgoing.subject);
    expect((await call(t, a.headers, 'POST', duty, { onDuty: true })).status).toBe(200);
    const switched = await call(t, a.headers, 'POST', SWITCH, {
      username: incoming.username,
      code: await incomingTotp.code(),
      previousOffDuty: true,
    });
    expect(switched.status).toBe(200);
    expect(await fresh()).toEqual([incoming.id]);

    // "Meld … af vagten" unticked: both stay on duty.
    const b = await consoleOf(stays.subject);
    expect((await call(t, b.headers, 'POST', duty, { onDuty: true })).status).toBe(200);
    expect(
      (await call(t, b.headers, 'POST', SWITCH, { username: second.username, code: await secondTotp.code() }))
        .status,
    ).toBe(200);
    expect(await fresh()).toEqual([incoming.id, stays.id, second.id].sort());
  });

  it('lets the next member take over a console LOCKED on someone else with their own code: the locked person goes off duty, the new one on, and the lock is ended, never opened', async () => {
    const ida = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const lars = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const larsTotp = await enrolTotp(t, lars.id);
    const before = new Set(await onDutyIds(w.pool.id));
    const fresh = async () => (await onDutyIds(w.pool.id)).filter((id) => !before.has(id));
    const locked = await consoleOf(ida.subject);
    expect(
      (await call(t, locked.headers, 'POST', `/api/night-watch/pools/${w.pool.id}/duty`, { onDuty: true }))
        .status,
    ).toBe(200);
    await goIdle(locked.sessionId);

    // The lock screen says whose console it is, and nothing else of hers.
    const info = await call(t, locked.headers, 'GET', '/api/auth/session');
    expect(info.json).toMatchObject({ authenticated: false, locked: true, displayName: ida.displayName });
    expect(info.json.id).toBeUndefined();
    expect(info.json.username).toBeUndefined();

    // A wrong code and a request without the locked session's CSRF token change nobody's duty or session.
    const wrong = await call(t, locked.headers, 'POST', SWITCH, {
      username: lars.username,
      code: await larsTotp.wrongCode(),
      previousOffDuty: true,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const { 'x-csrf-token': _omitted, ...withoutCsrf } = locked.headers;
    const forged = await call(t, withoutCsrf, 'POST', SWITCH, {
      username: lars.username,
      code: await larsTotp.code(),
      previousOffDuty: true,
    });
    expect(forged.status).toBe(403);
    expect(await fresh()).toEqual([ida.id]);
    expect((await call(t, locked.headers, 'GET', '/api/auth/session')).json).toMatchObject({ locked: true });

    const switched = await call(t, locked.headers, 'POST', SWITCH, {
      username: lars.username,
      code: await larsTotp.code(1),
      previousOffDuty: true,
    });
    expect(switched.status).toBe(200);
    expect(switched.json).toMatchObject({ stage: 'full', staffId: lars.id, displayName: lars.displayName });
    // The watch goes on with Lars; Ida is off duty; her locked session is ended, not unlocked.
    expect(await fresh()).toEqual([lars.id]);
    const [old] = await t.cloud.db.db
      .select()
      .from(sessionsTable)
      .where(eq(sessionsTable.id, locked.sessionId));
    expect(old).toMatchObject({ revokedReason: 'console_switch' });
    expect((await call(t, locked.headers, 'GET', '/api/auth/session')).json).toEqual({
      authenticated: false,
    });
    const larsHeaders = {
      ...locked.headers,
      cookie: cookieFrom(switched),
      'x-csrf-token': switched.json.csrfToken,
    };
    expect((await call(t, larsHeaders, 'GET', '/api/auth/session')).json).toMatchObject({
      authenticated: true,
      displayName: lars.displayName,
    });
    const [audit] = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(and(eq(auditLogTable.actorId, lars.id), eq(auditLogTable.action, 'auth.console_switch')));
    expect(audit).toMatchObject({
      action: 'auth.console_switch',
      details: expect.objectContaining({ previousStaffId: ida.id, fromLockScreen: true }),
    });
  });

  it('does not let a locked console switch to the very person it is locked on (that is the unlock)', async () => {
    const ida = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const idaTotp = await enrolTotp(t, ida.id);
    const locked = await consoleOf(ida.subject);
    await call(t, locked.headers, 'POST', `/api/night-watch/pools/${w.pool.id}/duty`, { onDuty: true });
    await goIdle(locked.sessionId);
    const self = await call(t, locked.headers, 'POST', SWITCH, {
      username: ida.username,
      code: await idaTotp.code(),
    });
    expect(self.status).toBe(400);
    expect((await call(t, locked.headers, 'GET', '/api/auth/session')).json).toMatchObject({ locked: true });
  });

  it('still needs the staff network', async () => {
    const next = await member(t, w.municipality.id, 'staff', [w.pool.id]);
    const totp = await enrolTotp(t, next.id);
    const console4 = await consoleOf(w.night1.subject);
    await t.cloud.db.db
      .update(municipalitiesTable)
      .set({ settings: { staffNetworks: ['10.99.0.0/16'] } })
      .where(eq(municipalitiesTable.id, w.municipality.id));
    try {
      const reply = await call(t, console4.headers, 'POST', SWITCH, {
        username: next.username,
        code: await totp.code(),
      });
      expect(reply.status).toBe(403);
    } finally {
      await t.cloud.db.db
        .update(municipalitiesTable)
        .set({ settings: { staffNetworks: ['127.0.0.0/8', '::1/128'] } })
        .where(eq(municipalitiesTable.id, w.municipality.id));
    }
  });
});
