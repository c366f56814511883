import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../../test/fixtures.js';
import { enrolTotp } from '../../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import {
  dutyPeriodsTable,
  sessionsTable,
  staffUnlockPinsTable,
  unitMembershipsTable,
  unitsTable,
} from '../../db/index.js';
import { PIN_STRIKES } from './pin-strikes.js';

/** Issue 10 §1: a short PIN, set by the member, unlocks their idle-locked on-duty console. */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

async function lockedMember() {
  const m = await createMunicipality(t, {
    staffNetworks: ['127.0.0.0/8', '::1/128'],
    idleTimeoutMinutes: 15,
  });
  const db = t.cloud.db.db;
  const [pool] = await db
    .insert(unitsTable)
    .values({ municipalityId: m.id, kind: 'night_watch_pool', name: 'Nattevagten' })
    .returning();
  const staff = await createStaff(t, m.id, 'staff');
  await db.insert(unitMembershipsTable).values({ staffId: staff.id, unitId: pool!.id });
  await db
    .insert(dutyPeriodsTable)
    .values({ poolUnitId: pool!.id, staffId: staff.id, startedAt: new Date() });
  const totp = await enrolTotp(t, staff.id);
  const s = await sessionFor(t, { kind: 'staff', id: staff.id, municipalityId: m.id });
  const lock = () =>
    db
      .update(sessionsTable)
      .set({ lastSeenAt: new Date(Date.now() - 16 * 60_000) })
      .where(eq(sessionsTable.id, s.sessionId));
  return { staff, totp, headers: s.headers, lock };
}

const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${t.base}${path}`, {
    method,
    headers: { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const session = async (headers: Record<string, string>) =>
  (await (
    await fetch(`${t.base}/api/auth/session`, { headers: { ...headers, 'x-sv-passive': '1' } })
  ).json()) as Record<string, unknown>;

describe('unlocking a locked night-watch console with a PIN', () => {
  it('stores only an argon2id hash, refuses weak PINs, and unlocks with the right PIN', async () => {
    const w = await lockedMember();
    expect((await call('PUT', '/api/auth/unlock-pin', w.headers, { pin: '123456' })).status).toBe(400);
    expect((await call('PUT', '/api/auth/unlock-pin', w.headers, { pin: '4711' })).status).toBe(400);
    expect((await call('PUT', '/api/auth/unlock-pin', w.headers, { pin: '271828' })).status).toBe(204);
    const [row] = await t.cloud.db.db
      .select()
      .from(staffUnlockPinsTable)
      .where(eq(staffUnlockPinsTable.staffId, w.staff.id));
    expect(row!.pinHash).toMatch(/^\$argon2id\$/);
    expect(row!.pinHash).not.toContain('271828');

    await w.lock();
    expect(await session(w.headers)).toMatchObject({ locked: true, unlockPin: true, role: 'staff' });
    expect((await call('POST', '/api/auth/unlock', w.headers, { pin: '314159' })).status).toBe(401);
    expect((await call('POST', '/api/auth/unlock', w.headers, { pin: '271828' })).status).toBe(204);
    expect(await session(w.headers)).toMatchObject({ authenticated: true });
  });

  it(`switches the PIN off after ${PIN_STRIKES} wrong tries until the app's code unlocks`, async () => {
    const w = await lockedMember();
    await call('PUT', '/api/auth/unlock-pin', w.headers, { pin: '271828' });
    await w.lock();
    let last: Response | undefined;
    for (let i = 0; i < PIN_STRIKES; i++)
      last = await call('POST', '/api/auth/unlock', w.headers, { pin: '314159' });
    expect(last!.status).toBe(401);
    expect(await last!.text()).toMatch(/switched off/);
    const right = await call('POST', '/api/auth/unlock', w.headers, { pin: '271828' });
    expect([401, 429]).toContain(right.status);
    expect(await session(w.headers)).toMatchObject({ locked: true });

    expect((await call('POST', '/api/auth/unlock', w.headers, { code: await w.totp.code() })).status).toBe(
      204,
    );
    await w.lock();
    expect((await call('POST', '/api/auth/unlock', w.headers, { pin: '271828' })).status).toBe(204);
  });

  it('does not let a PIN unlock a session that is not locked by duty, nor log anyone in', async () => {
    const w = await lockedMember();
    await call('PUT', '/api/auth/unlock-pin', w.headers, { pin: '271828' });
    const { 'x-csrf-token': _c, ...noCsrf } = w.headers;
    await w.lock();
    expect((await call('POST', '/api/auth/unlock', noCsrf, { pin: '271828' })).status).toBe(403);
    expect((await call('POST', '/api/auth/unlock', {}, { pin: '271828' })).status).toBe(401);
  });
});
