import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff, sessionFor } from '../../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../../test/test-cloud.js';
import {
  auditLogTable,
  dutyPeriodsTable,
  passkeysTable,
  sessionsTable,
  unitMembershipsTable,
  unitsTable,
} from '../../db/index.js';

/**
 * Issue 10 §1, passkey unlock: the refusals (the happy path, with a real authenticator, is the e2e
 * cloud/web/test/nightwatch-passkey.e2e.test.ts). Only a LOCKED session gets a challenge; a made-up assertion
 * is refused, audited, and leaves the console locked; the challenge is single use.
 */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud();
});
afterAll(async () => {
  await t?.close();
});

const IDLE_MINUTES = 15;
const post = (path: string, headers: Record<string, string>, body?: unknown) =>
  fetch(`${t.base}${path}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

async function onDutyMember(withPasskey: boolean) {
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
  await db
    .insert(dutyPeriodsTable)
    .values({ poolUnitId: pool!.id, staffId: staff.id, startedAt: new Date() });
  const credentialId = randomBytes(16).toString('base64url');
  if (withPasskey)
    await db.insert(passkeysTable).values({
      credentialId,
      publicKey: randomBytes(77).toString('base64url'),
      name: 'Vagtstuen',
      subjectKind: 'staff',
      staffId: staff.id,
      municipalityId: m.id,
      createdAt: new Date(),
    });
  const s = await sessionFor(t, { kind: 'staff', id: staff.id, municipalityId: m.id });
  const lock = () =>
    db
      .update(sessionsTable)
      .set({ lastSeenAt: new Date(Date.now() - IDLE_MINUTES * 60_000 - 1_000) })
      .where(eq(sessionsTable.id, s.sessionId));
  return { staff, credentialId, ...s, lock };
}

/** An assertion of the right shape that no authenticator made. */
const forged = (credentialId: string) => ({
  id: credentialId,
  rawId: credentialId,
  type: 'public-key',
  response: {
    clientDataJSON: randomBytes(64).toString('base64url'),
    authenticatorData: randomBytes(37).toString('base64url'),
    signature: randomBytes(70).toString('base64url'),
  },
  clientExtensionResults: {},
});

describe('unlocking a locked console with a passkey', () => {
  it('gives a challenge only to a locked session, tells the lock screen the person has a passkey, and refuses without CSRF', async () => {
    const w = await onDutyMember(true);
    expect((await post('/api/auth/unlock/passkey/options', w.headers)).status).toBe(409);
    await w.lock();
    const { 'x-csrf-token': _omitted, ...noCsrf } = w.headers;
    expect((await post('/api/auth/unlock/passkey/options', noCsrf)).status).toBe(403);
    const session = (await (
      await fetch(`${t.base}/api/auth/session`, { headers: { ...w.headers, 'x-sv-passive': '1' } })
    ).json()) as Record<string, unknown>;
    expect(session).toMatchObject({ locked: true, unlockPasskey: true });
    const options = await post('/api/auth/unlock/passkey/options', w.headers);
    expect(options.status).toBe(200);
    const json = (await options.json()) as { allowCredentials: { id: string }[]; userVerification: string };
    expect(json.allowCredentials.map((c) => c.id)).toEqual([w.credentialId]);
    expect(json.userVerification).toBe('required');
  });

  it('refuses a forged assertion, audits it, keeps the console locked, and burns the challenge', async () => {
    const w = await onDutyMember(true);
    await w.lock();
    expect((await post('/api/auth/unlock/passkey/options', w.headers)).status).toBe(200);
    const refused = await post('/api/auth/unlock', w.headers, { passkey: forged(w.credentialId) });
    expect(refused.status).toBe(401);
    const failures = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(
        and(eq(auditLogTable.actorId, w.staff.id), eq(auditLogTable.action, 'auth.second_factor.failed')),
      );
    expect(failures).toHaveLength(1);
    expect(failures[0]!.details).toMatchObject({ method: 'passkey' });
    // Still locked: personal reads are refused.
    const session = (await (
      await fetch(`${t.base}/api/auth/session`, { headers: { ...w.headers, 'x-sv-passive': '1' } })
    ).json()) as Record<string, unknown>;
    expect(session).toMatchObject({ locked: true });
    // The challenge went with the failed try: a second answer has none to match.
    expect((await post('/api/auth/unlock', w.headers, { passkey: forged(w.credentialId) })).status).toBe(401);
    const again = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(
        and(eq(auditLogTable.actorId, w.staff.id), eq(auditLogTable.action, 'auth.second_factor.failed')),
      );
    expect(again.map((a) => (a.details as { reason: string }).reason)).toContain('no_challenge');
  });

  it('has nothing to offer a person without a passkey', async () => {
    const w = await onDutyMember(false);
    await w.lock();
    expect((await post('/api/auth/unlock/passkey/options', w.headers)).status).toBe(409);
  });
});
