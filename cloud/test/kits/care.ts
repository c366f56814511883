import { generate } from 'otplib';
import { newTotpSecret } from '../../src/auth/totp/totp.js';
import {
  type StaffRole,
  staffTotpTable,
  type UnitKind,
  unitMembershipsTable,
  unitsTable,
} from '../../src/db/index.js';
import { seal } from '../../src/kernel/secrets/secret-box.js';
import { loadSecretsKey } from '../../src/kernel/secrets/secrets-key.js';
import { createCitizen, createMunicipality, createStaff, sessionFor } from '../fixtures.js';
import type { TestCloud } from '../test-cloud.js';
import { wrongCodeFor } from './totp-codes.js';

/** Test helpers for the care API: real HTTP against a startTestCloud() node, sessions from sessionFor. */
export interface Reply {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: replies are asserted against in tests, not used as types
  json: any;
  text: string;
  headers: Headers;
}

export type Subject = { kind: 'staff' | 'citizen'; id: string; municipalityId: string };

export async function call(
  t: TestCloud,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<Reply> {
  const response = await fetch(`${t.base}${path}`, {
    method,
    headers: contentType ? { ...headers, 'content-type': contentType } : headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (CSV downloads)
  }
  return { status: response.status, json, text, headers: response.headers };
}

/** A client acting as one subject with a fresh full session. */
export async function as(t: TestCloud, subject: Subject) {
  const { headers } = await sessionFor(t, subject);
  return {
    headers,
    get: (path: string) => call(t, headers, 'GET', path),
    post: (path: string, body: unknown = {}) => call(t, headers, 'POST', path, body),
    put: (path: string, body: unknown) => call(t, headers, 'PUT', path, body),
    patch: (path: string, body: unknown) => call(t, headers, 'PATCH', path, body),
    del: (path: string) => call(t, headers, 'DELETE', path),
    csv: (path: string, text: string) => call(t, headers, 'POST', path, text, 'text/csv'),
  };
}

export async function createUnit(t: TestCloud, municipalityId: string, kind: UnitKind, name: string) {
  const [unit] = await t.cloud.db.db.insert(unitsTable).values({ municipalityId, kind, name }).returning();
  return unit!;
}

export async function member(
  t: TestCloud,
  municipalityId: string,
  role: StaffRole,
  unitIds: readonly string[],
  extra: { username?: string } = {},
) {
  const staff = await createStaff(t, municipalityId, role, extra);
  for (const unitId of unitIds)
    await t.cloud.db.db.insert(unitMembershipsTable).values({ staffId: staff.id, unitId });
  return { ...staff, subject: { kind: 'staff' as const, id: staff.id, municipalityId } };
}

/**
 * A small municipality: a home-care team, a home-guidance unit, a facility and a night-watch pool covering it,
 * with support, a team manager, team staff, a guide, facility day staff and two night-watch members.
 */
export async function careWorld(t: TestCloud) {
  const m = await createMunicipality(t);
  const team = await createUnit(t, m.id, 'home_care_team', 'Team Nord');
  const guidance = await createUnit(t, m.id, 'home_guidance', 'Hjemmevejledning');
  const facility = await createUnit(t, m.id, 'facility', 'Plejehjem Solgården');
  const pool = await createUnit(t, m.id, 'night_watch_pool', 'Nattevagten');
  return {
    municipality: m,
    team,
    guidance,
    facility,
    pool,
    support: await member(t, m.id, 'support', []),
    manager: await member(t, m.id, 'unit_manager', [team.id]),
    teamStaff: await member(t, m.id, 'staff', [team.id]),
    guide: await member(t, m.id, 'staff', [guidance.id]),
    dayStaff: await member(t, m.id, 'staff', [facility.id]),
    night1: await member(t, m.id, 'staff', [pool.id]),
    night2: await member(t, m.id, 'staff', [pool.id]),
    citizen: await createCitizen(t, m.id),
  };
}

/** Gives a staff member a confirmed TOTP authenticator, as enrolment would; returns a code generator. */
export async function enrolTotp(t: TestCloud, staffId: string) {
  const secret = newTotpSecret();
  const { key } = loadSecretsKey(t.config);
  await t.cloud.db.db.insert(staffTotpTable).values({
    staffId,
    secretEnc: seal(key, secret, `staff-totp:${staffId}`),
    confirmedAt: new Date(t.clock.now()),
  });
  // Codes on the cloud's clock, which checks them: a suite may run its cloud on another clock than the system's.
  return {
    secret,
    code: (offsetSteps = 0) =>
      generate({ secret, epoch: Math.floor(t.clock.now() / 1000) + offsetSteps * 30 }),
    /** A code that is wrong now (totp-codes.ts: a fixed '000000' is right about 3 times in a million). */
    wrongCode: () => wrongCodeFor(secret, t.clock.now() / 1000),
  };
}
