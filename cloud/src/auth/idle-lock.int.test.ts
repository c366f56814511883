import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../test/fixtures.js';
import { careWorld, connect, until } from '../../test/kits/calls.js';
import { enrolTotp } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { dutyPeriodsTable, sessionsTable, unitMembershipsTable, unitsTable } from '../db/index.js';

/** Issue 10 §1: idle LOCKS an on-duty night-watch console; everyone else is still logged out. */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

const IDLE_MINUTES = 15;

async function nightMember(onDuty: boolean) {
  const m = await createMunicipality(t, {
    staffNetworks: ['127.0.0.0/8', '::1/128'],
    idleTimeoutMinutes: IDLE_MINUTES,
  });
  const db = t.cloud.db.db;
  const [pool] = await db
    .insert(unitsTable)
    .values({ municipalityId: m.id, kind: 'night_watch_pool', name: 'Nattevagten' })
    .returning();
  const staff = await createStaff(t, m.id, 'staff');
  await db.insert(unitMembershipsTable).values({ staffId: staff.id, unitId: pool!.id });
  if (onDuty)
    await db
      .insert(dutyPeriodsTable)
      .values({ poolUnitId: pool!.id, staffId: staff.id, startedAt: new Date() });
  const totp = await enrolTotp(t, staff.id);
  const s = await sessionFor(t, { kind: 'staff', id: staff.id, municipalityId: m.id });
  const goIdle = () =>
    db
      .update(sessionsTable)
      .set({ lastSeenAt: new Date(Date.now() - IDLE_MINUTES * 60_000 - 1_000) })
      .where(eq(sessionsTable.id, s.sessionId));
  const revoked = async () =>
    (await db.select().from(sessionsTable).where(eq(sessionsTable.id, s.sessionId)))[0]!.revokedAt;
  return { pool: pool!, staff, totp, ...s, goIdle, revoked };
}

const get = (path: string, headers: Record<string, string>, passive = false) =>
  fetch(`${t.base}${path}`, { headers: { ...headers, ...(passive ? { 'x-sv-passive': '1' } : {}) } });
const unlock = (headers: Record<string, string>, code: string) =>
  fetch(`${t.base}/api/auth/unlock`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });

describe('idle lock while on night-watch duty', () => {
  it('locks an idle on-duty session instead of ending it: only whose it is, no data, one code unlocks it', async () => {
    const w = await nightMember(true);
    await w.goIdle();
    const info = (await (await get('/api/auth/session', w.headers, true)).json()) as Record<string, unknown>;
    // The member's own name, so a colleague at the shared console sees whose lock it is; nothing else of theirs.
    expect(info).toMatchObject({ authenticated: false, locked: true, displayName: w.staff.displayName });
    expect(info.id).toBeUndefined();
    expect(info.username).toBeUndefined();
    const data = await get(`/api/night-watch/pools/${w.pool.id}/on-duty`, w.headers);
    expect(data.status).toBe(401);
    expect(await data.text()).toMatch(/locked/);
    expect(await w.revoked()).toBeNull();

    const right = await w.totp.code();
    const wrong = await unlock(w.headers, await w.totp.wrongCode());
    expect(wrong.status).toBe(401);
    expect((await unlock(w.headers, right)).status).toBe(204);
    const after = (await (await get('/api/auth/session', w.headers)).json()) as Record<string, unknown>;
    expect(after).toMatchObject({ authenticated: true, displayName: w.staff.displayName });
    expect((await get(`/api/night-watch/pools/${w.pool.id}/on-duty`, w.headers)).status).toBe(200);
  });

  it('refuses an unlock without the session CSRF token', async () => {
    const w = await nightMember(true);
    await w.goIdle();
    const { 'x-csrf-token': _omitted, ...withoutCsrf } = w.headers;
    expect((await unlock(withoutCsrf, await w.totp.code())).status).toBe(403);
    expect((await get('/api/auth/session', w.headers, true)).ok).toBe(true);
  });

  it('still logs out an idle member who is off duty, and such a session cannot be unlocked', async () => {
    const w = await nightMember(false);
    await w.goIdle();
    const response = await get(`/api/night-watch/pools/${w.pool.id}/on-duty`, w.headers);
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/inactive/);
    expect(await w.revoked()).not.toBeNull();
    expect((await unlock(w.headers, await w.totp.code())).status).toBe(401);
  });

  it('keeps ringing a locked console over its open socket but refuses its answer until the unlock', async () => {
    const w = await careWorld(t);
    const totp = await enrolTotp(t, w.watchA.id);
    const watch = await connect(t, w.watchA);
    // The socket was opened while unlocked; the lock comes later, from idleness alone.
    await t.cloud.db.db
      .update(sessionsTable)
      .set({ lastSeenAt: new Date(Date.now() - 24 * 3_600_000) })
      .where(eq(sessionsTable.id, watch.session.sessionId));
    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'locked-1', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await watch.next('call.incoming');

    watch.send({ type: 'call.accept', callId });
    expect(await watch.next('error')).toMatchObject({ code: 'locked' });
    watch.send({ type: 'call.decline', callId });
    await until(() => watch.messages.filter((m) => m.type === 'error').length === 2, 'the refused decline');
    expect(watch.messages.filter((m) => m.type === 'error').map((m) => m.code)).toEqual(['locked', 'locked']);
    expect(resident.has('call.accepted')).toBe(false);
    expect(resident.has('call.ended')).toBe(false);

    expect((await unlock(watch.session.headers, await totp.code())).status).toBe(204);
    watch.send({ type: 'call.accept', callId });
    expect(await resident.next('call.accepted')).toMatchObject({ callId });
    for (const c of [watch, resident]) c.ws.close();
  });

  it('counts answering a call as activity, so an answered call does not lock minutes into the talk', async () => {
    const w = await careWorld(t);
    const watch = await connect(t, w.watchA);
    const before = new Date(Date.now() - 5 * 60_000);
    await t.cloud.db.db
      .update(sessionsTable)
      .set({ lastSeenAt: before })
      .where(eq(sessionsTable.id, watch.session.sessionId));
    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'active-1', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await watch.next('call.incoming');
    watch.send({ type: 'call.accept', callId });
    expect(await resident.next('call.accepted')).toMatchObject({ callId });
    const [row] = await t.cloud.db.db
      .select({ lastSeenAt: sessionsTable.lastSeenAt })
      .from(sessionsTable)
      .where(eq(sessionsTable.id, watch.session.sessionId));
    expect(row!.lastSeenAt.getTime()).toBeGreaterThan(before.getTime() + 4 * 60_000);
    for (const c of [watch, resident]) c.ws.close();
  });

  it('sends a locked console a ring frame with the place and no resident name; the name comes after the unlock', async () => {
    const w = await careWorld(t);
    const totp = await enrolTotp(t, w.watchA.id);
    const watch = await connect(t, w.watchA);
    await t.cloud.db.db
      .update(sessionsTable)
      .set({ lastSeenAt: new Date(Date.now() - 24 * 3_600_000) })
      .where(eq(sessionsTable.id, watch.session.sessionId));
    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'locked-2', to: { kind: 'pool', id: w.pool.id } });
    const ring = await watch.next('call.incoming');
    // 'facility' is the covered facility's name in careWorld: a place, not a person.
    expect(ring).toMatchObject({ displayName: 'facility', from: { kind: 'citizen', id: w.resident.id } });
    expect(JSON.stringify(watch.messages)).not.toContain('Aase');

    const caller = `/api/night-watch/pools/${w.pool.id}/callers/${w.resident.id}`;
    expect((await get(caller, watch.session.headers)).status).toBe(401);
    expect((await unlock(watch.session.headers, await totp.code())).status).toBe(204);
    const after = await get(caller, watch.session.headers);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({
      citizenId: w.resident.id,
      citizenName: 'Aase Beboer',
      place: 'facility',
    });
    for (const c of [watch, resident]) c.ws.close();
  });

  it('names a caller only to members of the pool the citizen called in the last day', async () => {
    const w = await careWorld(t);
    const nurse = await sessionFor(t, w.nurse);
    const watch = await connect(t, w.watchB);
    const member = watch.session;
    const caller = `/api/night-watch/pools/${w.pool.id}/callers/${w.resident.id}`;
    expect((await get(caller, member.headers)).status).toBe(404);
    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'named-1', to: { kind: 'pool', id: w.pool.id } });
    await watch.next('call.incoming');
    expect((await get(caller, nurse.headers)).status).toBe(403);
    expect((await get(caller, member.headers)).status).toBe(200);
    for (const c of [watch, resident]) c.ws.close();
  });
});
