import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { auditLogTable } from '../../src/db/index.js';
import { shoot } from './shots.js';
import {
  enrolOnPage,
  expectAccessible,
  logOut,
  newStaff,
  openStaff,
  submitPassword,
  words,
} from './staff-steps.js';
import { startWebCloud, steppingClock, type WebCloud } from './web-cloud.js';

/**
 * Issue 10 §1: a staff member adds a passkey on the staff page ("Dine nøgler"), sees it listed, and logs in with
 * it as the second factor next time; then removes it after a confirmation. Real WebAuthn in Debian's Chromium: a
 * CDP virtual authenticator (WebAuthn.addVirtualAuthenticator, user verification on, presence simulated) stands
 * in for the phone's screen lock; the cloud verifies with @simplewebauthn/server.
 */
describe.skipIf(!hasChromium())('adding a passkey on the staff page', () => {
  const clock = steppingClock();
  let web: WebCloud;
  beforeAll(async () => {
    web = await startWebCloud({ clock });
  });
  afterAll(async () => {
    await web?.close();
  });

  it('adds a passkey through the panel, lists it, logs in with it next time, and removes it after asking', async () => {
    const { staff, username } = await newStaff(web, clock);
    const { page, context, problems } = await web.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    await openStaff(web, page, 'da');
    await submitPassword(page, 'da', username);
    await page.locator('img.qr-code').waitFor();
    await enrolOnPage(page, 'da', clock);
    await page.getByRole('button', { name: words.da.written }).click();

    const panel = page.getByRole('region', { name: 'Dine nøgler (adgangsnøgler)' });
    await panel.getByText('Du har ingen nøgler endnu.').waitFor();
    await panel.getByText(/skærmlås.*telefon eller computer/).waitFor();
    // A passkey needs a name first: the panel says so instead of starting the ceremony.
    await panel.getByRole('button', { name: 'Tilføj en nøgle' }).click();
    await panel.getByRole('alert').getByText('Skriv et navn til nøglen.').waitFor();
    expect(await panel.getByLabel('Navn på den nye nøgle').getAttribute('aria-invalid')).toBe('true');

    await panel.getByLabel('Navn på den nye nøgle').fill('Min telefon');
    await panel.getByRole('button', { name: 'Tilføj en nøgle' }).click();
    await panel.getByRole('alert').getByText('Nøglen Min telefon er tilføjet.', { exact: false }).waitFor();
    const item = panel.getByRole('listitem').filter({ hasText: 'Min telefon' });
    await item.waitFor();
    expect(await item.textContent()).toMatch(/Tilføjet \d{1,2}\. \p{L}+ \d{4}/u);
    await expectAccessible(page, 'passkey panel with one passkey');
    await panel.scrollIntoViewIfNeeded();
    await shoot(page, 'staff-passkey-1-added');

    // The same authenticator again is refused by the browser (excludeCredentials), in Danish.
    await panel.getByLabel('Navn på den nye nøgle').fill('Samme telefon');
    await panel.getByRole('button', { name: 'Tilføj en nøgle' }).click();
    await panel.getByRole('alert').getByText('Denne telefon eller nøgle er allerede tilføjet.').waitFor();
    expect(await panel.getByRole('listitem').count()).toBe(1);

    await logOut(page, 'da');
    await submitPassword(page, 'da', username);
    await page.getByRole('button', { name: 'Brug adgangsnøgle' }).click();
    await page.getByTestId('home-role').waitFor();
    const logins = await web.t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.actorId, staff.id));
    expect(
      logins.filter(
        (r) =>
          r.action === 'auth.second_factor.succeeded' &&
          (r.details as { method?: string }).method === 'passkey',
      ),
    ).toHaveLength(1);

    // Removing asks first; "No" keeps it, "Yes" removes it.
    await panel.getByRole('button', { name: 'Fjern nøglen Min telefon' }).click();
    await panel.getByRole('group', { name: /Vil du fjerne nøglen Min telefon/ }).waitFor();
    await expectAccessible(page, 'passkey removal confirmation');
    await shoot(page, 'staff-passkey-2-confirm-remove');
    await panel.getByRole('button', { name: 'Nej, behold den' }).click();
    await panel.getByRole('button', { name: 'Fjern nøglen Min telefon' }).click();
    await panel.getByRole('button', { name: 'Ja, fjern nøglen' }).click();
    await panel.getByText('Nøglen Min telefon er fjernet.').waitFor();
    await panel.getByText('Du har ingen nøgler endnu.').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('passkeys-heading');

    // Without the passkey the login asks for the app code again.
    await logOut(page, 'da');
    await submitPassword(page, 'da', username);
    await page.getByLabel(words.da.code).waitFor();
    expect(await page.getByRole('button', { name: 'Brug adgangsnøgle' }).count()).toBe(0);
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says in Danish that the browser cannot use passkeys when it has no WebAuthn', async () => {
    const { username } = await newStaff(web, clock);
    const { page, context, problems } = await web.newPage();
    await context.addInitScript(() => {
      // A browser without WebAuthn (older kiosk browsers): browserSupportsWebAuthn() reads this global.
      Object.defineProperty(window, 'PublicKeyCredential', { value: undefined });
    });
    await openStaff(web, page, 'da');
    await submitPassword(page, 'da', username);
    await page.locator('img.qr-code').waitFor();
    await enrolOnPage(page, 'da', clock);
    await page.getByRole('button', { name: words.da.written }).click();
    const panel = page.getByRole('region', { name: 'Dine nøgler (adgangsnøgler)' });
    await panel.getByText('Denne browser kan ikke bruge nøgler.', { exact: false }).waitFor();
    expect(await panel.getByRole('button', { name: 'Tilføj en nøgle' }).count()).toBe(0);
    await expectAccessible(page, 'passkey panel without WebAuthn');
    expect(problems).toEqual([]);
    await context.close();
  });
});
