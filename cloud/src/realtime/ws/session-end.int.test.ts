import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizen, createMunicipality, createStaff, sessionFor } from '../../../test/fixtures.js';
import { until } from '../../../test/kits/calls.js';
import { openWs } from '../../../test/kits/ws.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { dutyPeriodsTable, sessionsTable, unitMembershipsTable, unitsTable } from '../../db/index.js';
import { CLOSE_SESSION_ENDED } from './sockets.js';

/** Issue 14 item 5: a signalling socket lives no longer than the login session it was opened under. */
let t: TestCloud;
beforeAll(async () => {
  // The session check every second, so a test waits a round instead of the production 30 s.
  t = await startTestCloud({ WS_SESSION_CHECK_SECONDS: '1' });
});
afterAll(async () => {
  await t?.close();
});

const IDLE_MINUTES = 15;

async function staffSession(onDuty: boolean) {
  const m = await createMunicipality(t, {
    staffNetworks: ['127.0.0.0/8', '::1/128'],
    idleTimeoutMinutes: IDLE_MINUTES,
  });
  const db = t.cloud.db.db;
  const staff = await createStaff(t, m.id, 'staff');
  const [pool] = await db
    .insert(unitsTable)
    .values({ municipalityId: m.id, kind: 'night_watch_pool', name: 'Nattevagten' })
    .returning();
  await db.insert(unitMembershipsTable).values({ staffId: staff.id, unitId: pool!.id });
  if (onDuty)
    await db
      .insert(dutyPeriodsTable)
      .values({ poolUnitId: pool!.id, staffId: staff.id, startedAt: new Date() });
  const subject = { kind: 'staff' as const, id: staff.id, municipalityId: m.id };
  return { m, staff, pool: pool!, subject, ...(await sessionFor(t, subject)) };
}

const goIdle = (sessionId: string) =>
  t.cloud.db.db
    .update(sessionsTable)
    .set({ lastSeenAt: new Date(Date.now() - IDLE_MINUTES * 60_000 - 1_000) })
    .where(eq(sessionsTable.id, sessionId));

const revokedReason = async (sessionId: string) =>
  (await t.cloud.db.db.select().from(sessionsTable).where(eq(sessionsTable.id, sessionId)))[0]!.revokedReason;

/** Resolves after `rounds` complete session checks that started after this call. */
async function sessionChecks(rounds: number) {
  const done = () => t.logs.filter((l) => l.msg === 'signalling sessions checked').length;
  const start = done();
  await until(() => done() >= start + rounds + 1, 'session checks');
}

describe('signalling sockets end with their login session', () => {
  it('closes the socket of a session that logs out, and leaves the same person’s other session connected', async () => {
    const a = await staffSession(false);
    const b = await sessionFor(t, a.subject);
    const first = await openWs(t, { cookie: a.headers.cookie!, origin: t.base });
    const second = await openWs(t, { cookie: b.headers.cookie!, origin: t.base });
    const logout = await fetch(`${t.base}/api/auth/logout`, { method: 'POST', headers: a.headers });
    expect(logout.status).toBe(204);
    expect((await first.closed).code).toBe(CLOSE_SESSION_ENDED);
    expect(second.ws.readyState).toBe(second.ws.OPEN);
    second.ws.close();
  });

  it('closes every socket of the person on “log out everywhere”', async () => {
    const a = await staffSession(false);
    const b = await sessionFor(t, a.subject);
    const first = await openWs(t, { cookie: a.headers.cookie!, origin: t.base });
    const second = await openWs(t, { cookie: b.headers.cookie!, origin: t.base });
    const everywhere = await fetch(`${t.base}/api/auth/logout-everywhere`, {
      method: 'POST',
      headers: a.headers,
    });
    expect(everywhere.status).toBe(204);
    expect((await first.closed).code).toBe(CLOSE_SESSION_ENDED);
    expect((await second.closed).code).toBe(CLOSE_SESSION_ENDED);
  });

  it('closes the socket of an idle staff session that is not on duty, and ends the session as idle', async () => {
    const a = await staffSession(false);
    const socket = await openWs(t, { cookie: a.headers.cookie!, origin: t.base });
    await goIdle(a.sessionId);
    expect((await socket.closed).code).toBe(CLOSE_SESSION_ENDED);
    expect(await revokedReason(a.sessionId)).toBe('idle');
  });

  it('keeps an idle citizen’s socket open, so the page they were told to leave open still rings', async () => {
    const m = await createMunicipality(t, {
      staffNetworks: ['127.0.0.0/8'],
      idleTimeoutMinutes: IDLE_MINUTES,
    });
    const citizen = await createCitizen(t, m.id);
    const s = await sessionFor(t, { kind: 'citizen', id: citizen.id, municipalityId: m.id });
    const socket = await openWs(t, { cookie: s.headers.cookie!, origin: t.base });
    await goIdle(s.sessionId);
    await sessionChecks(2);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    expect(await revokedReason(s.sessionId)).toBeNull();
    // The session's absolute lifetime still ends it, and its socket with it.
    await t.cloud.db.db
      .update(sessionsTable)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(sessionsTable.id, s.sessionId));
    expect((await socket.closed).code).toBe(CLOSE_SESSION_ENDED);
    expect(await revokedReason(s.sessionId)).toBe('expired');
  });

  it('keeps a locked on-duty console connected so it still rings, and closes it once the member goes off duty', async () => {
    const a = await staffSession(true);
    const socket = await openWs(t, { cookie: a.headers.cookie!, origin: t.base });
    await goIdle(a.sessionId);
    await sessionChecks(2);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    expect(await revokedReason(a.sessionId)).toBeNull();

    await t.cloud.db.db
      .update(dutyPeriodsTable)
      .set({ endedAt: new Date() })
      .where(and(eq(dutyPeriodsTable.staffId, a.staff.id), isNull(dutyPeriodsTable.endedAt)));
    expect((await socket.closed).code).toBe(CLOSE_SESSION_ENDED);
    expect(await revokedReason(a.sessionId)).toBe('idle');
  });
});
