import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../../test/fixtures.js';
import { careWorld, connect, until } from '../../../test/kits/calls.js';
import { enrolTotp } from '../../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import { goOnDuty, grantCallPermission } from '../../care/index.js';
import { citizenEnrolmentsTable, sessionsTable, unitMembershipsTable } from '../../db/index.js';
import { LOCKED_CALLER } from '../locked-view.js';

/**
 * Issue 10 §1: nothing personal reaches an idle-LOCKED console, not even over its socket (where developer tools
 * or an extension could read it): no colleague's name on `call.taken`, no caller's name on a direct call.
 */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

const lock = (sessionId: string) =>
  t.cloud.db.db
    .update(sessionsTable)
    .set({ lastSeenAt: new Date(Date.now() - 24 * 3_600_000) })
    .where(eq(sessionsTable.id, sessionId));
const unlock = (headers: Record<string, string>, code: string) =>
  fetch(`${t.base}/api/auth/unlock`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });

describe('a locked console gets no names over its socket', () => {
  it('tells a locked console that the call was taken without the colleague who took it; an unlocked one hears the name', async () => {
    const w = await careWorld(t);
    const third = await createStaff(t, w.municipalityId, 'staff', { displayName: 'Kim Nattevagt' });
    await t.cloud.db.db.insert(unitMembershipsTable).values({ staffId: third.id, unitId: w.pool.id });
    await goOnDuty(t.cloud.db.db, { poolUnitId: w.pool.id, staffId: third.id, at: new Date() });
    const locked = await connect(t, w.watchA);
    const taker = await connect(t, w.watchB);
    const open = await connect(t, {
      kind: 'staff',
      id: third.id,
      municipalityId: w.municipalityId,
      surface: 'nightwatch',
    });
    await lock(locked.session.sessionId);
    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'taken-1', to: { kind: 'pool', id: w.pool.id } });
    const { callId } = await taker.next('call.incoming');
    await locked.next('call.incoming');
    await open.next('call.incoming');

    taker.send({ type: 'call.accept', callId });
    await resident.next('call.accepted');
    expect(await open.next('call.taken')).toMatchObject({ callId, byDisplayName: 'Ida Nattevagt' });
    const told = await locked.next('call.taken');
    expect(told).toEqual({ v: 1, type: 'call.taken', callId });
    // Order kept: the taken frame (held for the lock read) still comes before the end of the ring.
    await locked.next('call.ended');
    const types = locked.messages.map((m) => m.type);
    expect(types.indexOf('call.taken')).toBeLessThan(types.indexOf('call.ended'));
    expect(JSON.stringify(locked.messages)).not.toMatch(/Ida|Aase/);
    for (const c of [locked, taker, open, resident]) c.ws.close();
  });

  it("rings a locked member's direct call with a word instead of the caller's name; after the unlock the name is sent", async () => {
    const w = await careWorld(t);
    const db = t.cloud.db.db;
    // Jonas also works in the resident's facility, and the resident may call its staff directly.
    await db.insert(unitMembershipsTable).values({ staffId: w.watchA.id, unitId: w.facility.id });
    const [enrolment] = await db
      .select()
      .from(citizenEnrolmentsTable)
      .where(
        and(
          eq(citizenEnrolmentsTable.citizenId, w.resident.id),
          eq(citizenEnrolmentsTable.unitId, w.facility.id),
        ),
      );
    await grantCallPermission(db, {
      municipalityId: w.municipalityId,
      enrolmentId: enrolment!.id,
      direction: 'citizen_to_staff',
      windows: null,
      at: new Date(Date.now() - 60_000),
    });
    const totp = await enrolTotp(t, w.watchA.id);
    const watch = await connect(t, w.watchA);
    await lock(watch.session.sessionId);
    const resident = await connect(t, w.resident);
    resident.send({ type: 'call.place', requestId: 'direct-1', to: { kind: 'staff', id: w.watchA.id } });
    const ring = await watch.next('call.incoming');
    expect(ring).toMatchObject({ displayName: LOCKED_CALLER, from: { kind: 'citizen', id: w.resident.id } });
    expect(JSON.stringify(watch.messages)).not.toContain('Aase');
    resident.send({ type: 'call.hangup', callId: ring.callId });
    await watch.next('call.ended', (m) => m.callId === ring.callId);

    expect((await unlock(watch.session.headers, await totp.code())).status).toBe(204);
    resident.send({ type: 'call.place', requestId: 'direct-2', to: { kind: 'staff', id: w.watchA.id } });
    await until(() => watch.messages.filter((m) => m.type === 'call.incoming').length === 2, 'second ring');
    expect(watch.messages.filter((m) => m.type === 'call.incoming').at(-1)).toMatchObject({
      displayName: 'Aase Beboer',
    });
    for (const c of [watch, resident]) c.ws.close();
  });
});
