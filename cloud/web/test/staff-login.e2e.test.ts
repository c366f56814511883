import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { sessionsTable } from '../../src/db/index.js';
import { shoot } from './shots.js';
import {
  appCode,
  enrolOnPage,
  expectAccessible,
  type Lang,
  logOut,
  newStaff,
  openStaff,
  PASSWORD,
  secretOnPage,
  submitPassword,
  words,
  wrongAppCode,
} from './staff-steps.js';
import { startWebCloud, steppingClock, type WebCloud } from './web-cloud.js';

/**
 * The staff login screens in Debian's Chromium against a real cloud node (issue 3): TOTP enrolment at first
 * login, later logins, the expired-password step, throttling, and the idle-logout warning. The cloud's clock is
 * stepped by the test (TOTP steps, idle timeouts) and the page's timers by Playwright's clock, together.
 */
const TOTP_STEP_MS = 30_000;

describe.skipIf(!hasChromium())('staff login screens', () => {
  const clock = steppingClock();
  let web: WebCloud;
  let context: BrowserContext | undefined;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    web = await startWebCloud({ clock });
  });
  afterAll(async () => {
    await web?.close();
  });
  afterEach(async () => {
    expect(problems).toEqual([]);
    await context?.close();
  });

  const fresh = async () => {
    ({ context, page, problems } = await web.newPage());
  };
  const h2 = () => page.locator('main h2').first();
  const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');

  describe.each(['da', 'en'] as const)('in %s', (lang: Lang) => {
    const w = words[lang];

    it('enrols an authenticator app at first login: QR code, code, recovery codes once, then home', async () => {
      const { username } = await newStaff(web, clock);
      await fresh();
      await openStaff(web, page, lang);
      await expectAccessible(page, 'login');
      await submitPassword(page, lang, username);

      const qr = page.locator('img.qr-code');
      await qr.waitFor();
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      expect(await qr.getAttribute('alt')).toMatch(lang === 'da' ? /QR-kode.*nøglen/ : /QR code.*key/);
      expect(await focusedId()).toBe('enrol-heading');
      await expectAccessible(page, 'enrolment');
      // A wrong code is refused with the server's reason, and the field says so.
      await page.getByLabel(w.appCode).fill(await wrongAppCode(await secretOnPage(page), clock));
      await page.getByRole('button', { name: w.confirm }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.getByLabel(w.appCode).getAttribute('aria-invalid')).toBe('true');

      const { codes } = await enrolOnPage(page, lang, clock);
      expect(codes.length).toBeGreaterThanOrEqual(8);
      expect(
        await page.getByText(lang === 'da' ? 'kun vist denne ene gang' : 'shown only this once').count(),
      ).toBe(1);
      await expectAccessible(page, 'recovery codes');
      await page.getByRole('button', { name: w.written }).click();

      // Today's plan comes first (a carer opens the page to see whom to call); the account is below it.
      await page.getByRole('heading', { name: w.home }).waitFor();
      await page.locator('#plan-heading').waitFor();
      expect(await h2().textContent()).toContain(w.plan);
      expect(await page.getByTestId('home-username').textContent()).toBe(username);
      expect(await page.getByTestId('home-name').textContent()).toBe('Anna Andersen');
      await page
        .getByTestId('home-role')
        .getByText(lang === 'da' ? 'Medarbejder' : 'Staff member')
        .waitFor();
      await expectAccessible(page, 'home');
      // Plain staff work from /staff/ itself: no link away to another role's page.
      expect(await page.getByTestId('own-start-page').count()).toBe(0);
      // The codes are gone for good: a reload shows home, never the codes again.
      await page.reload();
      await page.getByTestId('home-role').waitFor();
      expect(await page.getByTestId('home-name').textContent()).toBe('Anna Andersen');
      // The username stays too (it was shown only while the login form that typed it was in the page).
      expect(await page.getByTestId('home-username').textContent()).toBe(username);
      expect(await page.getByTestId('recovery-codes').count()).toBe(0);
      await logOut(page, lang);
    });

    it('logs in later with the app code, or with a recovery code instead', async () => {
      const { username } = await newStaff(web, clock);
      await fresh();
      await openStaff(web, page, lang);
      await submitPassword(page, lang, username);
      await page.locator('img.qr-code').waitFor();
      const { secret, codes } = await enrolOnPage(page, lang, clock);
      await page.getByRole('button', { name: w.written }).click();
      await logOut(page, lang);

      clock.advance(TOTP_STEP_MS); // the enrolment code's step is used up (RFC 6238 §5.2)
      await submitPassword(page, lang, username);
      await page.getByLabel(w.code).waitFor();
      expect(await focusedId()).toBe('second-heading');
      await expectAccessible(page, 'second factor');
      await page.getByLabel(w.code).fill(await appCode(secret, clock));
      await page.getByRole('button', { name: w.login, exact: true }).click();
      await page.getByTestId('home-role').waitFor();
      await logOut(page, lang);

      await submitPassword(page, lang, username);
      await page.getByRole('button', { name: w.useRecovery }).click();
      await expectAccessible(page, 'recovery code');
      await page.getByLabel(w.recoveryCode, { exact: true }).fill(codes[0]!);
      await page.getByRole('button', { name: w.login, exact: true }).click();
      await page.getByTestId('home-role').waitFor();
    });

    it('links a system administrator from /staff/ to Administration, which lets them in', async () => {
      const { username } = await newStaff(web, clock, { role: 'system_admin' });
      await fresh();
      await openStaff(web, page, lang);
      await submitPassword(page, lang, username);
      await page.locator('img.qr-code').waitFor();
      await enrolOnPage(page, lang, clock);
      await page.getByRole('button', { name: w.written }).click();
      const link = page.getByRole('link', {
        name: lang === 'da' ? 'Gå til Administration' : 'Go to Administration',
      });
      expect(await link.getAttribute('href')).toBe('/admin/');
      expect(
        await page.getByText(lang === 'da' ? 'som systemadministrator' : 'as system administrator').count(),
      ).toBe(1);
      await expectAccessible(page, 'home with a start-page link');
      await link.click();
      await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
      expect(await page.getByTestId('wrong-role').count()).toBe(0);
    });

    it('asks for a new password first when the old one has expired, with the policy and the server’s refusal', async () => {
      const { username } = await newStaff(web, clock, { password: 'expired' });
      await fresh();
      await openStaff(web, page, lang);
      await submitPassword(page, lang, username);
      const current = page.getByLabel(lang === 'da' ? 'Nuværende adgangskode' : 'Current password');
      await current.waitFor();
      await page
        .getByText(lang === 'da' ? 'Din adgangskode er for gammel.' : 'Your password is too old.')
        .waitFor();
      const rules = page.locator('#password-rules');
      expect(await rules.textContent()).toContain(
        lang === 'da' ? 'mindst 12 tegn' : 'at least 12 characters',
      );
      expect(await rules.textContent()).toContain(lang === 'da' ? 'dit navn' : 'your name');
      await expectAccessible(page, 'password change');

      const next = page.getByLabel(lang === 'da' ? 'Ny adgangskode' : 'New password', { exact: true });
      const submit = page.getByRole('button', {
        name: lang === 'da' ? 'Skift adgangskode' : 'Change password',
      });
      await current.fill(PASSWORD);
      await next.fill('kort');
      await submit.click();
      expect(await page.getByTestId('problem-detail').textContent()).toContain('12');
      // Long enough, but guessable: only the server can say why, and its reason is shown.
      await next.fill('password1234');
      const [refusal] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/auth/password')),
        submit.click(),
      ]);
      expect(refusal.status()).toBe(400);
      const { detail } = (await refusal.json()) as { detail: string };
      await page.getByTestId('problem-detail').getByText(detail).waitFor();
      expect(await next.getAttribute('aria-invalid')).toBe('true');
      await expectAccessible(page, 'password refused');

      await next.fill('Blæksprutte-Cykelhjelm-Solsikke-93');
      await submit.click();
      await page.locator('img.qr-code').waitFor(); // on to the second factor: enrolment, as there is none yet
      await enrolOnPage(page, lang, clock);
    });

    it('asks for your own password at the first login with a one-time password, saying it is temporary, not too old', async () => {
      const { username } = await newStaff(web, clock, { password: 'temporary' });
      await fresh();
      await openStaff(web, page, lang);
      await submitPassword(page, lang, username);
      await page
        .getByRole('heading', {
          name: lang === 'da' ? 'Vælg din egen adgangskode' : 'Choose your own password',
        })
        .waitFor();
      const main = (await page.locator('main').textContent()) ?? '';
      expect(main).toContain(
        lang === 'da' ? 'Du har fået en midlertidig adgangskode.' : 'You were given a temporary password.',
      );
      expect(main).not.toContain(lang === 'da' ? 'for gammel' : 'too old');
      await shoot(page, `temporary-password-${lang}`);
      await expectAccessible(page, 'temporary password');
      await page.getByLabel(lang === 'da' ? 'Midlertidig adgangskode' : 'Temporary password').fill(PASSWORD);
      await page
        .getByLabel(lang === 'da' ? 'Ny adgangskode' : 'New password', { exact: true })
        .fill('Blæksprutte-Cykelhjelm-Solsikke-93');
      await page
        .getByRole('button', {
          name: lang === 'da' ? 'Gem adgangskoden og fortsæt' : 'Save the password and continue',
        })
        .click();
      await page.locator('img.qr-code').waitFor(); // on to enrolling the authenticator app
      await enrolOnPage(page, lang, clock);
    });

    it('says to wait, with the seconds from Retry-After, once the account is throttled', async () => {
      const { username } = await newStaff(web, clock);
      await fresh();
      await openStaff(web, page, lang);
      // 5 free failures, then waits of 1 s, 2 s, 4 s … (cloud/src/auth/throttle/policy.ts). The throttle runs on
      // the wall clock, not the cloud's stepped one: rate-limiter-flexible reads Date.now() for a wait's end and
      // also drops the wait with a real timer when it has passed. The attempts used to race a 1 s wait, and on a
      // loaded CI machine the right password came after it (200, not 429). Now the cloud (in this process) sees
      // Date step by exactly each wait, and the last wait, 64 s (longer than the test may take in real time), is what
      // the page shows.
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 5; i++)
          statuses.push(await submitPassword(page, lang, username, 'wrong password'));
        for (const waitMs of [1_000, 2_000, 4_000, 8_000, 16_000, 32_000]) {
          vi.advanceTimersByTime(waitMs); // this wait has just passed: the next attempt is looked at
          statuses.push(await submitPassword(page, lang, username, 'wrong password'));
        }
        expect(statuses).toEqual(Array(11).fill(401));
        // The 11th failure: 64 s to wait, and the right password is refused within them.
        const [answer] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
          submitPassword(page, lang, username),
        ]);
        expect(answer.status()).toBe(429);
        expect(answer.headers()['retry-after']).toBe('64');
        const shown = lang === 'da' ? 'Vent lidt og prøv igen om 64 sekunder' : 'try again in 64 seconds';
        await page.getByTestId('problem-detail').filter({ hasText: shown }).waitFor();
        await expectAccessible(page, 'throttled');
        vi.advanceTimersByTime(63_999);
        expect(await submitPassword(page, lang, username), '1 ms before the wait ends').toBe(429);
        vi.advanceTimersByTime(1);
        expect(await submitPassword(page, lang, username), 'the wait always ends').toBe(200);
      } finally {
        vi.useRealTimers();
      }
    });
  });

  it('completes a first login with the keyboard alone', async () => {
    const { username } = await newStaff(web, clock);
    await fresh();
    await openStaff(web, page, 'da');
    const tabTo = async (id: string) => {
      for (let i = 0; i < 15 && (await focusedId()) !== id; i++) await page.keyboard.press('Tab');
      expect(await focusedId()).toBe(id);
    };
    await tabTo('username');
    await page.keyboard.type(username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('img.qr-code').waitFor();
    const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s+/g, '');
    await tabTo('enrol-code');
    await page.keyboard.type(await appCode(secret, clock));
    await page.keyboard.press('Enter');
    await page.getByTestId('recovery-codes').waitFor();
    expect(await focusedId()).toBe('recovery-heading');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('home-role').waitFor();
    // Focus starts on today's plan; "Log ud" is right before it, beside who is logged in.
    await page.locator('#plan-heading').waitFor();
    expect(await focusedId()).toBe('plan-heading');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Log ud');
    await page.keyboard.press('Enter');
    await page.getByText('Du er logget ud.').waitFor();
  });

  describe.each(['da', 'en'] as const)('idle logout in %s', (lang: Lang) => {
    const w = words[lang];
    const countdown =
      lang === 'da' ? /Du bliver logget ud om (\d+) sekunder/ : /You will be logged out in (\d+) seconds/;

    /** Server and page move together: the server's idle check and the page's countdown see the same time. */
    const elapse = async (ms: number) => {
      clock.advance(ms);
      await page.clock.runFor(ms);
    };

    it('warns before the idle logout, "stay logged in" extends the session, and idleness logs out', async () => {
      const { username, staff } = await newStaff(web, clock, { settings: { idleTimeoutMinutes: 1 } });
      await fresh();
      await page.clock.install();
      await openStaff(web, page, lang);
      await submitPassword(page, lang, username);
      await page.locator('img.qr-code').waitFor();
      await enrolOnPage(page, lang, clock);
      await page.getByRole('button', { name: w.written }).click();
      await page.getByTestId('home-role').waitFor();
      const lastSeen = async () =>
        (await web.t.cloud.db.db.select().from(sessionsTable).where(eq(sessionsTable.staffId, staff.id)))
          .filter((s) => s.revokedAt === null)
          .map((s) => s.lastSeenAt.getTime());

      // 1-minute timeout: the warning comes at half of it, 30 s before.
      await elapse(20_000);
      expect(await page.getByRole('alertdialog').count()).toBe(0);
      const before = await lastSeen();
      await elapse(15_000);
      const dialog = page.getByRole('alertdialog');
      await dialog.getByText(countdown).waitFor();
      const seconds = Number(countdown.exec((await dialog.textContent()) ?? '')![1]);
      expect(seconds).toBeGreaterThan(20);
      expect(seconds).toBeLessThanOrEqual(30);
      expect(await page.evaluate(() => document.activeElement?.closest('[role=alertdialog]') !== null)).toBe(
        true,
      );
      expect(await lastSeen(), 'the passive polls are not activity').toEqual(before);
      await expectAccessible(page, 'idle warning');

      await dialog
        .getByRole('button', { name: lang === 'da' ? 'Bliv logget ind' : 'Stay logged in' })
        .click();
      await dialog.waitFor({ state: 'detached' });
      expect(await lastSeen()).toEqual([clock.now()]);
      await elapse(25_000);
      expect(await page.getByRole('alertdialog').count(), 'extended by a full minute').toBe(0);

      await elapse(10_000);
      await page.getByRole('alertdialog').waitFor();
      await elapse(31_000);
      await page
        .getByTestId('logged-out')
        .getByText(
          lang === 'da'
            ? 'Du er logget ud, fordi du ikke har været aktiv'
            : 'You were logged out because you were not active',
        )
        .waitFor();
      expect(await page.getByLabel(w.username, { exact: true }).count()).toBe(1);
      expect(await lastSeen(), 'the server ended the session').toEqual([]);
      await expectAccessible(page, 'logged out for idleness');
    });
  });
});
