import { randomUUID } from 'node:crypto';
import { cookieName, csrfTokenFor } from '../src/auth/session-cookie.js';
import { createSession } from '../src/auth/session-store.js';
import {
  citizensTable,
  type MunicipalitySettingsInput,
  municipalitiesTable,
  type StaffRole,
  staffTable,
} from '../src/db/index.js';
import type { TestCloud } from './test-cloud.js';

/** Loopback in both families: test clients connect from 127.0.0.x or ::1. */
export const LOOPBACK_NETWORKS = ['127.0.0.0/8', '::1/128'];

export async function createMunicipality(
  t: TestCloud,
  settings: MunicipalitySettingsInput = { staffNetworks: LOOPBACK_NETWORKS },
) {
  const [row] = await t.cloud.db.db
    .insert(municipalitiesTable)
    .values({ name: `Kommune ${randomUUID().slice(0, 8)}`, settings })
    .returning();
  return row!;
}

export async function createStaff(
  t: TestCloud,
  municipalityId: string,
  role: StaffRole = 'staff',
  extra: Partial<typeof staffTable.$inferInsert> = {},
) {
  const [row] = await t.cloud.db.db
    .insert(staffTable)
    .values({
      municipalityId,
      username: `u-${randomUUID().slice(0, 8)}`,
      displayName: 'Test Medarbejder',
      role,
      ...extra,
    })
    .returning();
  return row!;
}

export async function createCitizen(
  t: TestCloud,
  municipalityId: string,
  extra: Partial<typeof citizensTable.$inferInsert> = {},
) {
  const [row] = await t.cloud.db.db
    .insert(citizensTable)
    .values({ municipalityId, displayName: 'Test Borger', ...extra })
    .returning();
  return row!;
}

/**
 * A full session for a subject, made directly in the store: for tests of what a logged-in person may do.
 * (Tests of HOW one logs in go through the real login routes instead.)
 */
export async function sessionFor(
  t: TestCloud,
  subject: { kind: 'staff' | 'citizen'; id: string; municipalityId: string },
  stage: 'full' | 'second_factor' | 'password_change' = 'full',
) {
  const { token, id } = await createSession(t.cloud.db.db, {
    subjectKind: subject.kind,
    subjectId: subject.id,
    municipalityId: subject.municipalityId,
    stage,
    method: 'test',
    ip: '127.0.0.1',
    now: new Date(),
    absoluteMs: 12 * 3_600_000,
  });
  const cookie = `${cookieName(t.config.COOKIE_SECURE)}=${token}`;
  const csrf = csrfTokenFor(token);
  return {
    sessionId: id,
    token,
    /** Headers for fetch: the cookie, the CSRF token and a same-origin Origin (hono/csrf checks it). */
    headers: { cookie, 'x-csrf-token': csrf, origin: t.base, 'content-type': 'application/json' } as Record<
      string,
      string
    >,
  };
}
