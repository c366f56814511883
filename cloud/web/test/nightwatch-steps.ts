import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { hashPassword } from '../../src/auth/password/hashing.js';
import { grantCallPermission } from '../../src/care/index.js';
import {
  citizenEnrolmentsTable,
  poolCoverageTable,
  unitMembershipsTable,
  unitsTable,
} from '../../src/db/index.js';
import { createCitizen, createMunicipality, createStaff } from '../../test/fixtures.js';
import { enrolTotp } from '../../test/kits/care.js';
import { PASSWORD, submitPassword } from './staff-steps.js';
import type { WebCloud } from './web-cloud.js';

/**
 * Night-watch and support e2e seeding against the real cloud: a facility covered by a night-watch pool, night
 * staff with passwords and confirmed authenticator apps (so login is password + code, no enrolment), and a
 * resident who may call the watch. Real clock: the TOTP codes are generated on the same time as the server.
 */
export async function nightWorld(web: WebCloud) {
  const t = web.t;
  const db = t.cloud.db.db;
  const m = await createMunicipality(t);
  const unit = async (kind: 'facility' | 'night_watch_pool', name: string) =>
    (await db.insert(unitsTable).values({ municipalityId: m.id, kind, name }).returning())[0]!;
  const facility = await unit('facility', 'Plejehjem Solgården');
  const pool = await unit('night_watch_pool', 'Nattevagten');
  await db.insert(poolCoverageTable).values({ poolUnitId: pool.id, facilityUnitId: facility.id });
  const passwordHash = await hashPassword(PASSWORD);
  /** Staff and unit managers are members of the pool, or with `of: 'facility'` of the facility only. */
  const night = async (
    displayName: string,
    role: 'staff' | 'unit_manager' | 'support' = 'staff',
    of: 'pool' | 'facility' = 'pool',
  ) => {
    const username = `${displayName.split(' ')[0]!.toLowerCase()}-${randomUUID().slice(0, 6)}`;
    const staff = await createStaff(t, m.id, role, {
      username,
      displayName,
      passwordHash,
      passwordChangedAt: new Date(),
    });
    if (role !== 'support')
      await db
        .insert(unitMembershipsTable)
        .values({ staffId: staff.id, unitId: of === 'pool' ? pool.id : facility.id });
    const totp = await enrolTotp(t, staff.id);
    return { id: staff.id, username, displayName, code: totp.code };
  };
  const resident = await createCitizen(t, m.id, { displayName: 'Aase Beboer' });
  const [enrolment] = await db
    .insert(citizenEnrolmentsTable)
    .values({ citizenId: resident.id, unitId: facility.id, startedAt: new Date(Date.now() - 86_400_000) })
    .returning();
  await grantCallPermission(db, {
    municipalityId: m.id,
    enrolmentId: enrolment!.id,
    direction: 'citizen_to_night_watch',
    windows: null,
    at: new Date(Date.now() - 60_000),
  });
  return {
    municipalityId: m.id,
    pool,
    facility,
    night,
    resident: { kind: 'citizen' as const, id: resident.id, municipalityId: m.id },
  };
}

/** Logs in on an embedded staff gate (the /staff/ login components) with password and authenticator code. */
export async function logInOnPage(
  page: Page,
  url: string,
  who: { username: string; code: () => Promise<string>; password?: string },
) {
  await page.goto(url);
  await page.getByLabel('Brugernavn', { exact: true }).waitFor();
  expect(await submitPassword(page, 'da', who.username, who.password ?? PASSWORD)).toBe(200);
  await page.getByLabel('Kode fra appen').fill(await who.code());
  await page.getByRole('button', { name: 'Log ind', exact: true }).click();
}

/** Presses Tab until `target` has focus (at most `max` times): proves it is reachable by keyboard. */
export async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, max = 60) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error('the control was not reached with Tab');
}
