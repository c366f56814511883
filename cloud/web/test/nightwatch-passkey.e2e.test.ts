import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { auditLogTable, municipalitiesTable, sessionsTable, unitsTable } from '../../src/db/index.js';
import { byodNightWorld } from './byod-night-world.js';
import { activateCitizen } from './calls-world.js';
import { logInOnPage } from './nightwatch-steps.js';
import { shoot } from './shots.js';
import { expectAccessible } from './staff-steps.js';
import { startWebCloud, type WebCloud } from './web-cloud.js';

/**
 * Issue 10 §1: a locked on-duty console unlocks with a passkey, in one touch, while a resident's call rings
 * ("Lås op med nøgle og besvar"). Real WebAuthn in Debian's Chromium: a CDP virtual authenticator
 * (WebAuthn.addVirtualAuthenticator, user verification on, presence simulated) stands in for the fingerprint
 * reader; the cloud checks the assertion with @simplewebauthn/server as for a login. The passkey is registered
 * over the API from the console's own page (the staff page's passkey panel has its own e2e:
 * staff-passkey.e2e.test.ts).
 */
describe.skipIf(!hasChromium())('passkey unlock of a locked night-watch console', () => {
  let web: WebCloud;
  let w: Awaited<ReturnType<typeof byodNightWorld>>;
  const problems: string[][] = [];
  beforeAll(async () => {
    web = await startWebCloud();
    w = await byodNightWorld(web);
    const db = web.t.cloud.db.db;
    const [pool] = await db.select().from(unitsTable).where(eq(unitsTable.id, w.pool.id));
    const [m] = await db
      .select()
      .from(municipalitiesTable)
      .where(eq(municipalitiesTable.id, pool!.municipalityId));
    await db
      .update(municipalitiesTable)
      .set({ settings: { ...(m!.settings as object), idleTimeoutMinutes: 15 } })
      .where(eq(municipalitiesTable.id, m!.id));
  });
  afterAll(async () => {
    for (const p of problems) expect(p).toEqual([]);
    await web?.close();
  });

  it('offers "Lås op med nøgle" on the lock screen and unlocks and answers a ringing call with one touch', async () => {
    const jonas = await w.night('Jonas Nattevagt');
    const { page: a, context, problems: consoleProblems } = await web.newPage();
    problems.push(consoleProblems);
    const cdp = await context.newCDPSession(a);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await logInOnPage(a, `${web.origin}/nightwatch/`, jonas);
    await a.getByTestId('console-person').filter({ hasText: jonas.displayName }).waitFor();
    // Jonas adds a passkey to his account (the platform authenticator of this computer).
    const added = await a.evaluate(async () => {
      const session = (await (await fetch('/api/auth/session')).json()) as { csrfToken: string };
      const post = (path: string, body?: unknown) =>
        fetch(path, {
          method: 'POST',
          headers: { 'x-csrf-token': session.csrfToken, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const options = await (await post('/api/auth/passkeys/registration/options')).json();
      const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options);
      const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential;
      return (
        await post('/api/auth/passkeys/registration/verify', {
          name: 'Vagtstuen',
          response: credential.toJSON(),
        })
      ).status;
    });
    expect(added).toBe(201);
    await a.getByRole('button', { name: 'Du er ikke på vagt — Gå på vagt' }).click();
    await a.getByRole('button', { name: 'Du er på vagt — Gå af vagt' }).waitFor();

    // Fifteen quiet minutes, as the database remembers them; the console's own idle poll finds the lock.
    await web.t.cloud.db.db
      .update(sessionsTable)
      .set({ lastSeenAt: new Date(Date.now() - 16 * 60_000) })
      .where(eq(sessionsTable.staffId, jonas.id));
    await a.getByRole('heading', { name: 'Konsollen er låst' }).waitFor({ timeout: 20_000 });
    await a.getByRole('button', { name: 'Lås op med nøgle' }).waitFor();

    const { page: citizen, problems: citizenProblems } = await web.newPage();
    problems.push(citizenProblems);
    await activateCitizen(citizen, web, w.code);
    await citizen.getByRole('button', { name: 'Ring til nattevagten' }).click();
    await a.getByRole('alert').filter({ hasText: 'En beboer ringer' }).waitFor();
    expect(await a.content()).not.toContain('Aase');
    const oneTouch = a.getByRole('button', { name: 'Lås op med nøgle og besvar' });
    await oneTouch.waitFor();
    await expectAccessible(a, 'locked console with passkey unlock, ringing');
    await shoot(a, 'nightwatch-passkey-1-locked-ringing');

    await oneTouch.click();
    await a.getByTestId('in-call').getByText('Du taler med Aase Beboer').waitFor();
    await citizen.getByTestId('call-screen').waitFor();
    await shoot(a, 'nightwatch-passkey-2-in-call');
    const [unlocked] = await web.t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'auth.unlocked'));
    expect(unlocked?.details).toEqual({ method: 'passkey' });
    await citizen.getByRole('button', { name: 'Læg på' }).click();
    await context.close();
  });
});
