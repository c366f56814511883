import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@screenvisit/protocol';
import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFor } from '../../test/fixtures.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { verifyPassword } from '../auth/password/hashing.js';
import {
  callRecordsTable,
  citizensTable,
  DEMO_DEVICE_LABEL,
  devicesTable,
  nightWatchCallsTable,
  staffTable,
} from '../db/index.js';
import { createLogger } from '../kernel/logger.js';
import { prepareDemo } from './demo.js';

/**
 * README "Demo tour": from a fresh demo start (DEMO=true on an empty data folder, as `npm start` does) the night
 * watch's idle lock is reached in minutes, not the production default's 15, and the demo kiosk has quiet hours of
 * its own. Read through the routes the pages use: /admin/'s settings, the idle watch's session call, support's
 * kiosk page.
 */
describe('the demo start', () => {
  let t: TestCloud;
  const dataDir = mkdtempSync(join(tmpdir(), 'sv-demo-tour-'));
  beforeAll(async () => {
    t = await startTestCloud({ DEMO: 'true', DATA_DIR: dataDir, COOKIE_SECURE: 'false' });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function as(username: string) {
    const [s] = await t.cloud.db.db.select().from(staffTable).where(eq(staffTable.username, username));
    return (await sessionFor(t, { kind: 'staff', id: s!.id, municipalityId: s!.municipalityId })).headers;
  }
  const tourFile = () => JSON.parse(readFileSync(join(dataDir, 'demo-tour.json'), 'utf8')) as unknown;

  it('seeds a 3-minute idle timeout, which the night-watch console counts down from, and says so for the banner', async () => {
    const settings = await fetch(`${t.base}/api/settings`, { headers: await as('henrik.dahl') });
    expect(settings.status).toBe(200);
    expect(((await settings.json()) as { idleTimeoutMinutes: number }).idleTimeoutMinutes).toBe(3);

    const session = await fetch(`${t.base}/api/auth/session`, { headers: await as('lars.poulsen') });
    expect(((await session.json()) as { idleTimeoutSeconds: number }).idleTimeoutSeconds).toBe(180);

    expect(tourFile()).toEqual({ idleTimeoutMinutes: 3 });
  });

  it('writes down for the printed logins who has a night-watch console and who leads a night watch, as the session says', async () => {
    const logins = JSON.parse(readFileSync(join(dataDir, 'demo-logins.json'), 'utf8')) as {
      staff: { username: string; nightWatch: boolean; watch: boolean }[];
    };
    const of = (username: string) => logins.staff.find((s) => s.username === username);
    // mette.larsen manages a home-care team and no pool: `npm start` listed /watch/ for her all the same.
    expect(of('mette.larsen')).toMatchObject({ nightWatch: false, watch: false });
    expect(of('sofie.berg')).toMatchObject({ nightWatch: false, watch: true });
    expect(of('lars.poulsen')).toMatchObject({ nightWatch: true, watch: false });
  });

  it('gives the demo kiosk quiet hours 22:00–07:00, shown in the settings support sees on its page', async () => {
    const [kiosk] = await t.cloud.db.db
      .select({ id: devicesTable.id })
      .from(devicesTable)
      .where(eq(devicesTable.label, DEMO_DEVICE_LABEL));
    const res = await fetch(`${t.base}/api/devices/${kiosk!.id}`, { headers: await as('sofie.berg') });
    expect(res.status).toBe(200);
    const detail = (await res.json()) as {
      targetConfig: { quietHours: unknown; nightWatch: { enabled: boolean } };
    };
    expect(detail.targetConfig.quietHours).toEqual({ start: '22:00', end: '07:00' });
    // The night-watch button stays on: the same first config version carries both.
    expect(detail.targetConfig.nightWatch.enabled).toBe(true);
  });

  async function inactiveAccountAlerts() {
    const res = await fetch(`${t.base}/api/alerts`, { headers: await as('sofie.berg') });
    expect(res.status).toBe(200);
    const { alerts } = (await res.json()) as {
      alerts: { kind: string; subject: { id: string }; summary: string }[];
    };
    return alerts.filter((a) => a.kind === 'inactive_account');
  }

  it('warns support about no citizen who answered a call or pressed the night-watch button in the demo history', async () => {
    const db = t.cloud.db.db;
    const answered = await db
      .select({ id: callRecordsTable.calleeId })
      .from(callRecordsTable)
      .where(and(eq(callRecordsTable.calleeKind, 'citizen'), isNotNull(callRecordsTable.answerAt)));
    const pressed = await db.select({ id: nightWatchCallsTable.citizenId }).from(nightWatchCallsTable);
    const users = new Set([...answered, ...pressed].map((r) => r.id));
    // The ten weeks of made-up history (dashboard/seed-history.ts): dozens of citizens in it.
    expect(users.size).toBeGreaterThan(30);
    const idle = await inactiveAccountAlerts();
    expect(idle.filter((a) => users.has(a.subject.id)).map((a) => a.summary)).toEqual([]);
  });

  it('warns support about no staff member who placed a call in the demo history', async () => {
    const placed = await t.cloud.db.db
      .select({ id: callRecordsTable.callerId })
      .from(callRecordsTable)
      .where(eq(callRecordsTable.callerKind, 'staff'));
    const callers = new Set(placed.map((r) => r.id));
    expect(callers.size).toBeGreaterThan(5);
    const idle = await inactiveAccountAlerts();
    expect(idle.filter((a) => callers.has(a.subject.id)).map((a) => a.summary)).toEqual([]);
  });

  it('shows every staff member who logged in with the password they chose, and the printed one opens no made-up account', async () => {
    const db = t.cloud.db.db;
    const loggedIn = await db.select().from(staffTable).where(isNotNull(staffTable.lastLoginAt));
    // The made-up staff who placed the history's calls, and the demo's own who did.
    expect(loggedIn.length).toBeGreaterThan(5);
    const logins = JSON.parse(readFileSync(join(dataDir, 'demo-logins.json'), 'utf8')) as {
      password: string;
      staff: { username: string }[];
    };
    const printed = new Set(logins.staff.map((s) => s.username));
    const headers = await as('sofie.berg');
    const cards = [];
    for (const s of loggedIn) {
      const res = await fetch(`${t.base}/api/staff/${s.id}/invite`, { headers });
      expect(res.status).toBe(200);
      const card = (await res.json()) as {
        hasPassword: boolean;
        temporaryPassword: boolean;
        invite: { state: string } | null;
      };
      cards.push({
        who: s.username,
        hasPassword: card.hasPassword,
        temporary: card.temporaryPassword,
        invitation: card.invite?.state ?? null,
      });
    }
    // The demo's own were made with the printed password; a made-up one chose hers from an invitation.
    expect(cards).toEqual(
      loggedIn.map((s) => ({
        who: s.username,
        hasPassword: true,
        temporary: false,
        invitation: printed.has(s.username) ? null : 'used',
      })),
    );
    const madeUp = loggedIn.filter((s) => !printed.has(s.username));
    expect(madeUp.length).toBeGreaterThan(5);
    for (const s of madeUp) expect(await verifyPassword(s.passwordHash, logins.password)).toBe(false);
  });

  it('shows every citizen who answered a call or pressed the night-watch button the phone or computer they used, bound before it', async () => {
    const db = t.cloud.db.db;
    const answered = await db
      .select({ id: callRecordsTable.calleeId, at: callRecordsTable.answerAt })
      .from(callRecordsTable)
      .where(and(eq(callRecordsTable.calleeKind, 'citizen'), isNotNull(callRecordsTable.answerAt)));
    const pressed = await db
      .select({ id: nightWatchCallsTable.citizenId, at: nightWatchCallsTable.placedAt })
      .from(nightWatchCallsTable);
    const firstUse = new Map<string, number>();
    for (const r of [...answered, ...pressed])
      firstUse.set(r.id, Math.min(firstUse.get(r.id) ?? Number.POSITIVE_INFINITY, r.at!.getTime()));
    expect(firstUse.size).toBeGreaterThan(30);
    const lent = new Set(
      (await db.select({ citizenId: devicesTable.citizenId }).from(devicesTable)).map((d) => d.citizenId),
    );
    const headers = await as('sofie.berg');
    const without: string[] = [];
    for (const [id, first] of firstUse) {
      if (lent.has(id)) continue;
      const res = await fetch(`${t.base}/api/citizens/${id}/credentials`, { headers });
      expect(res.status).toBe(200);
      const bound = ((await res.json()) as { createdAt: string; revokedAt: string | null }[]).filter(
        (c) => c.revokedAt === null && Date.parse(c.createdAt) <= first,
      );
      if (bound.length === 0) without.push(id);
    }
    expect(without).toEqual([]);
  });

  it('gives every citizen of the demo a name of their own, so no list shows namesakes nobody meant', async () => {
    const rows = await t.cloud.db.db.select({ name: citizensTable.displayName }).from(citizensTable);
    const names = rows.map((r) => r.name);
    expect(names.length).toBeGreaterThan(40);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('keeps a timeout changed at /admin/ across the next demo start, and the banner says the new one', async () => {
    const changed = await fetch(`${t.base}/api/settings`, {
      method: 'PUT',
      headers: await as('henrik.dahl'),
      body: JSON.stringify({ idleTimeoutMinutes: 10 }),
    });
    expect(changed.status).toBe(200);
    await prepareDemo(t.cloud.db, t.config, createLogger({ level: 'silent' }), systemClock);
    const settings = await fetch(`${t.base}/api/settings`, { headers: await as('henrik.dahl') });
    expect(((await settings.json()) as { idleTimeoutMinutes: number }).idleTimeoutMinutes).toBe(10);
    expect(tourFile()).toEqual({ idleTimeoutMinutes: 10 });
  });
});
