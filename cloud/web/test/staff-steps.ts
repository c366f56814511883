import { randomUUID } from 'node:crypto';
import type { Clock } from '@screenvisit/protocol';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { hashPassword } from '../../src/auth/password/hashing.js';
import type { MunicipalitySettingsInput, StaffRole } from '../../src/db/index.js';
import { createMunicipality, createStaff, LOOPBACK_NETWORKS } from '../../test/fixtures.js';
import { wrongCodeFor } from '../../test/kits/totp-codes.js';
import { seriousViolations } from './browser-checks.js';
import type { WebCloud } from './web-cloud.js';

/** Page-level steps of the staff login, in either language, for the staff e2e suite. */
export const PASSWORD = 'Kaffekande-Trappe-Vindue-47';

export type Lang = 'da' | 'en';
export const words = {
  da: {
    login: 'Log ind',
    username: 'Brugernavn',
    password: 'Adgangskode',
    appCode: 'Skriv koden, som appen viser',
    confirm: 'Bekræft',
    written: 'Jeg har skrevet koderne ned',
    code: 'Kode fra appen',
    useRecovery: 'Brug en gendannelseskode',
    recoveryCode: 'Gendannelseskode',
    home: 'Din konto',
    plan: 'Dagens plan',
    logout: 'Log ud',
    loggedOut: 'Du er logget ud.',
  },
  en: {
    login: 'Log in',
    username: 'Username',
    password: 'Password',
    appCode: 'Enter the code the app shows',
    confirm: 'Confirm',
    written: 'I have written the codes down',
    code: 'Code from the app',
    useRecovery: 'Use a recovery code',
    recoveryCode: 'Recovery code',
    home: 'Your account',
    plan: "Today's plan",
    logout: 'Log out',
    loggedOut: 'You are logged out.',
  },
} as const;

export async function newStaff(
  web: WebCloud,
  clock: Pick<Clock, 'now'>,
  options: {
    settings?: MunicipalitySettingsInput;
    /** expired: changed a year ago (past the default 90 days); temporary: never changed (an operator's one-time). */
    password?: 'expired' | 'temporary';
    role?: StaffRole;
  } = {},
) {
  const municipality = await createMunicipality(web.t, {
    staffNetworks: LOOPBACK_NETWORKS,
    ...options.settings,
  });
  const username = `anna-${randomUUID().slice(0, 6)}`;
  const staff = await createStaff(web.t, municipality.id, options.role ?? 'staff', {
    username,
    displayName: 'Anna Andersen',
    passwordHash: await hashPassword(PASSWORD),
    // Both land in password_change; null is "set outside the normal flow" (npm run bootstrap's one-time password).
    passwordChangedAt:
      options.password === 'temporary'
        ? null
        : new Date(clock.now() - (options.password === 'expired' ? 365 * 86_400_000 : 0)),
  });
  return { staff, username, municipalityId: municipality.id };
}

/** The code an authenticator app shows now, on the SERVER's clock (the test cloud's clock is stepped). */
export function appCode(secret: string, clock: Pick<Clock, 'now'>): Promise<string> {
  return generate({ secret, epoch: Math.floor(clock.now() / 1000) });
}

/** Serious and critical axe violations must be none, on every screen. */
export async function expectAccessible(page: Page, screen: string) {
  expect(await seriousViolations(page), screen).toEqual([]);
}

export async function openStaff(web: WebCloud, page: Page, lang: Lang) {
  await page.goto(`${web.origin}/staff/`);
  await page.getByLabel(words.da.username).or(page.getByLabel(words.en.username)).waitFor();
  if (lang === 'en') await page.getByRole('button', { name: 'English' }).click();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe(lang);
}

export async function submitPassword(page: Page, lang: Lang, username: string, password = PASSWORD) {
  await page.getByLabel(words[lang].username, { exact: true }).fill(username);
  await page.getByLabel(words[lang].password, { exact: true }).fill(password);
  // Waits for the cloud's answer, so a quick second submit is never swallowed by the busy form.
  const [answer] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
    page.getByRole('button', { name: words[lang].login, exact: true }).click(),
  ]);
  return answer.status();
}

/** The secret the enrolment screen shows (for the app's codes). */
export async function secretOnPage(page: Page): Promise<string> {
  return (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
}

/** A code the app does NOT show now on the server's clock (a fixed '000000' is right ~3 times in a million). */
export function wrongAppCode(secret: string, clock: Pick<Clock, 'now'>): Promise<string> {
  return wrongCodeFor(secret, clock.now() / 1000);
}

/** From the enrolment screen to the recovery codes; returns the secret read off the page, and the codes. */
export async function enrolOnPage(page: Page, lang: Lang, clock: Pick<Clock, 'now'>) {
  const secret = await secretOnPage(page);
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await page.getByLabel(words[lang].appCode).fill(await appCode(secret, clock));
  await page.getByRole('button', { name: words[lang].confirm }).click();
  const list = page.getByTestId('recovery-codes');
  await list.waitFor();
  const codes = (await list.locator('li').allTextContents()).map((c) => c.trim());
  return { secret, codes };
}

export async function logOut(page: Page, lang: Lang) {
  await page.getByRole('button', { name: words[lang].logout, exact: true }).click();
  await page.getByText(words[lang].loggedOut).waitFor();
}
