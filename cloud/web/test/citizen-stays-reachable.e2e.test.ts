import { and, eq, isNull } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium } from '../../../test-support/requirements.js';
import { hashPin } from '../../src/citizens/factors.js';
import { citizenCredentialsTable, citizenSecurityTable, sessionsTable } from '../../src/db/index.js';
import {
  activateCitizen,
  type CallsCloud,
  logInStaff,
  seedCallWorld,
  startCallsCloud,
} from './calls-world.js';
import { shoot } from './shots.js';

/**
 * The citizen's page says "Lad siden være åben": it must then ring whenever staff call. It went deaf at the
 * municipality's idle timeout (the cloud ended the citizen's session and cut its socket; the page showed
 * "Vi prøver igen …" for ever), and again at the session's absolute lifetime. The idle timeout is a staff rule
 * (docs/security.md), and a page whose session ends logs in again from the browser's bound credential.
 */
describe.skipIf(!hasChromium())('a citizen’s page left open stays reachable', () => {
  let cloud: CallsCloud;
  beforeAll(async () => {
    // The socket-session check every second instead of every 30 s, so an ended session is noticed at once;
    // a ring runs out after 6 s instead of 45.
    cloud = await startCallsCloud({ WS_SESSION_CHECK_SECONDS: '1', CALL_RING_SECONDS: '6' });
  }, 120_000);
  afterAll(async () => {
    await cloud?.close();
  });

  const db = () => cloud.t.cloud.db.db;
  const liveSessions = (citizenId: string) =>
    db()
      .select()
      .from(sessionsTable)
      .where(and(eq(sessionsTable.citizenId, citizenId), isNull(sessionsTable.revokedAt)));

  async function rings(staff: Page, citizen: Page) {
    await staff.getByRole('button', { name: 'Ring til Birthe Borger' }).click();
    await citizen.getByRole('heading', { name: 'Mette Hjemmepleje ringer' }).waitFor({ timeout: 20_000 });
    await citizen.getByRole('button', { name: 'Ikke nu' }).click();
    await citizen.getByTestId('citizen-waiting').waitFor();
  }

  it('rings after the page sat longer than the idle timeout, and again after its session ended', async () => {
    const world = await seedCallWorld(cloud);
    const { page: citizen, context } = await cloud.newPage({ width: 320, height: 640 });
    const { page: staff, context: staffContext } = await cloud.newPage();
    try {
      await logInStaff(staff, cloud, world.username);
      await activateCitizen(citizen, cloud, world.code);
      const [first] = await liveSessions(world.birthe);

      // Idle for longer than the municipality's 15 minutes, as far as the cloud can tell.
      await db()
        .update(sessionsTable)
        .set({ lastSeenAt: new Date(cloud.t.clock.now() - 16 * 60_000) })
        .where(eq(sessionsTable.id, first!.id));
      await new Promise((r) => setTimeout(r, 3_000)); // three of the cloud's session checks
      await expect(
        citizen.getByText('Ingen forbindelse til serveren', { exact: false }).count(),
      ).resolves.toBe(0);
      await rings(staff, citizen);
      expect((await liveSessions(world.birthe)).map((s) => s.id)).toEqual([first!.id]);

      // The session's absolute lifetime ends it (12 h): the page logs in again from the bound credential.
      await db()
        .update(sessionsTable)
        .set({ expiresAt: new Date(cloud.t.clock.now() - 1_000) })
        .where(eq(sessionsTable.id, first!.id));
      await expect
        .poll(async () => (await liveSessions(world.birthe)).filter((s) => s.id !== first!.id).length, {
          timeout: 20_000,
        })
        .toBe(1);
      await citizen.getByTestId('citizen-waiting').waitFor();
      await rings(staff, citizen);
      await shoot(citizen, 'byod-home-after-session-ended-320');
    } finally {
      await context.close();
      await staffContext.close();
    }
  }, 120_000);

  it('shows the staff member’s plan the citizen coming online without “Opdatér planen”, and keeps nobody logged in by it', async () => {
    const world = await seedCallWorld(cloud);
    const { page: citizen, context } = await cloud.newPage({ width: 320, height: 640 });
    const { page: staff, context: staffContext } = await cloud.newPage();
    try {
      await logInStaff(staff, cloud, world.username);
      const badge = staff
        .getByTestId('day-plan')
        .getByRole('listitem')
        .filter({ hasText: 'Birthe Borger' })
        .getByTestId('online-badge');
      expect(await badge.textContent()).toBe('ikke online');
      const staffSession = async () =>
        (await db().select().from(sessionsTable).where(eq(sessionsTable.staffId, world.staffId)))
          .filter((s) => s.revokedAt === null)
          .map((s) => s.lastSeenAt.getTime());
      await staff.waitForLoadState('networkidle');
      const seen = await staffSession();
      await activateCitizen(citizen, cloud, world.code);
      await expect.poll(() => badge.textContent(), { timeout: 25_000, interval: 500 }).toBe('online nu');
      // The re-read that brought the badge was the page's own: the staff member's last activity did not move.
      expect(await staffSession()).toEqual(seen);
    } finally {
      await context.close();
      await staffContext.close();
    }
  }, 120_000);

  it('tells the citizen they missed the call when the ring runs out, and the staff member that nobody answered', async () => {
    const world = await seedCallWorld(cloud);
    const { page: citizen, context } = await cloud.newPage({ width: 320, height: 640 });
    const { page: staff, context: staffContext } = await cloud.newPage();
    try {
      await logInStaff(staff, cloud, world.username);
      await activateCitizen(citizen, cloud, world.code);
      await staff.getByRole('button', { name: 'Ring til Birthe Borger' }).click();
      await citizen.getByRole('heading', { name: 'Mette Hjemmepleje ringer' }).waitFor();
      const missed = citizen.getByTestId('call-ended');
      await missed.waitFor({ timeout: 20_000 });
      // Birthe was rung: "Der var ingen, der tog den." told her nobody picked up, as if she had called.
      expect(await missed.textContent()).toBe('Du nåede ikke at tage opkaldet fra Mette Hjemmepleje.');
      await shoot(citizen, 'byod-missed-call-320');
      const ended = staff.getByTestId('call-ended');
      await ended.waitFor();
      expect(await ended.textContent()).toBe('Der var ingen, der tog den.');
    } finally {
      await context.close();
      await staffContext.close();
    }
  }, 120_000);

  it('asks a citizen who chose a PIN for it when the session ended, and rings again once it is given', async () => {
    const world = await seedCallWorld(cloud);
    const { page: citizen, context } = await cloud.newPage({ width: 320, height: 640 });
    const { page: staff, context: staffContext } = await cloud.newPage();
    try {
      await logInStaff(staff, cloud, world.username);
      await activateCitizen(citizen, cloud, world.code);
      // Support gives the citizen a PIN (PUT /api/citizens/{id}/security), which ends the running session.
      const now = new Date(cloud.t.clock.now());
      await db()
        .insert(citizenSecurityTable)
        .values({
          citizenId: world.birthe,
          level: 'device_bound_pin',
          pinHash: await hashPin('4711'),
          updatedAt: now,
        });
      await db()
        .update(sessionsTable)
        .set({ revokedAt: now, revokedReason: 'security_level_changed' })
        .where(eq(sessionsTable.citizenId, world.birthe));
      const pin = citizen.getByLabel('Pinkode');
      await pin.waitFor({ timeout: 20_000 });
      expect(await citizen.getByText('Vi prøver igen', { exact: false }).count()).toBe(0);
      await shoot(citizen, 'byod-pin-after-session-ended-320');
      await pin.fill('4711');
      await citizen.getByRole('button', { name: 'Fortsæt' }).click();
      await citizen.getByTestId('citizen-waiting').waitFor();
      await rings(staff, citizen);
    } finally {
      await context.close();
      await staffContext.close();
    }
  }, 120_000);

  it('asks for a new code, and says nothing false, once support has revoked the browser’s credential', async () => {
    const world = await seedCallWorld(cloud);
    const { page: citizen, context } = await cloud.newPage({ width: 320, height: 640 });
    try {
      await activateCitizen(citizen, cloud, world.code);
      const now = new Date(cloud.t.clock.now());
      await db()
        .update(citizenCredentialsTable)
        .set({ revokedAt: now })
        .where(eq(citizenCredentialsTable.citizenId, world.birthe));
      await db()
        .update(sessionsTable)
        .set({ revokedAt: now, revokedReason: 'credential_revoked' })
        .where(eq(sessionsTable.citizenId, world.birthe));
      await citizen.getByRole('button', { name: 'Fortsæt' }).waitFor({ timeout: 20_000 });
      // The page was opened from the letter's link (?code=): that spent code is not offered again.
      expect(await citizen.getByRole('textbox').first().inputValue()).toBe('');
      expect(await citizen.getByTestId('citizen-waiting').count()).toBe(0);
      expect(await citizen.getByText('Vi prøver igen', { exact: false }).count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 120_000);
});
