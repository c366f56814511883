import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devicesTable, issueEnrolmentCode, registerDevice } from '../cloud/src/db/index.js';
import { startTestCloud, type TestCloud } from '../cloud/test/test-cloud.js';
import { executableExists, hasChromium, requireOrSkip } from '../test-support/requirements.js';
import { careWorld, staffSession, until, type World } from './kiosk-world.js';
import { launchBrowser, openStaffBrowser } from './staff-browser.js';

const tools = ['/usr/bin/dpkg-deb', '/usr/bin/lintian', '/usr/bin/strip'].every((tool) =>
  requireOrSkip(tool, executableExists(tool), 'apt-get install dpkg-dev lintian binutils'),
);

/**
 * Issue 11 §4: the .deb built by `npm run build:deb`, checked by lintian, unpacked, and its packaged agent
 * (the bundle under plain node with the packaged node-gtk, not the source tree) taken through one call with
 * the real cloud and staff in Chromium. The simulated board's buttons are pressed through the packaged
 * agent's dev control port.
 */
describe.skipIf(!tools || !hasChromium())('the kiosk Debian package', () => {
  let deb: string;
  let unpacked: string;
  let t: TestCloud;
  let w: World;
  let browser: Browser;
  let agent: ChildProcess | null = null;
  const logs: string[] = [];

  beforeAll(async () => {
    deb = execFileSync('npx', ['tsx', 'scripts/build-deb.ts'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1)!;
    unpacked = mkdtempSync(join(tmpdir(), 'sv-deb-'));
    execFileSync('dpkg-deb', ['-x', deb, unpacked]);
    t = await startTestCloud({ COOKIE_SECURE: 'false', CALL_RING_SECONDS: '30' });
    w = await careWorld(t);
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    agent?.kill('SIGTERM');
    await browser?.close();
    await t?.close();
    rmSync(unpacked, { recursive: true, force: true });
  });

  // lintian alone took 35-80 s on the shared 2-core machine under load (2026-12-02): its own timeout.
  it('has no lintian errors', () => {
    let report = '';
    try {
      report = execFileSync('lintian', ['--no-tag-display-limit', deb], { encoding: 'utf8' });
    } catch (e) {
      report = String((e as { stdout?: string }).stdout ?? '');
    }
    expect(report.split('\n').filter((l) => l.startsWith('E:'))).toEqual([]);
  }, 180_000);

  it('installs the unit with a watchdog, the udev rule and the config file', () => {
    const unit = readFileSync(join(unpacked, 'lib/systemd/system/screenvisit-kiosk.service'), 'utf8');
    expect(unit).toContain('WatchdogSec=60');
    expect(unit).toContain('ExecStart=/usr/bin/cage -d -s -- /usr/bin/screenvisit-kiosk');
    expect(statSync(join(unpacked, 'lib/udev/rules.d/60-screenvisit-kiosk.rules')).isFile()).toBe(true);
    expect(statSync(join(unpacked, 'etc/screenvisit/kiosk.env')).mode & 0o777).toBe(0o640);
  });

  it('runs the packaged agent through one call: enrol, ring, answer, video both ways, hang up', async () => {
    const db = t.cloud.db.db;
    const device = await registerDevice(db, {
      municipalityId: w.municipalityId,
      label: `DEB-${randomUUID()}`,
    });
    await db.update(devicesTable).set({ citizenId: w.home.id }).where(eq(devicesTable.id, device.id));
    const code = await issueEnrolmentCode(db, device.id, { ttlMs: 60_000, now: new Date() });
    const dataDir = mkdtempSync(join(tmpdir(), 'sv-deb-data-'));
    agent = spawn(process.execPath, [join(unpacked, 'usr/lib/screenvisit-kiosk/screenvisit-kiosk.mjs')], {
      env: {
        PATH: process.env.PATH,
        HARDWARE: 'sim',
        SCREEN: 'none',
        MEDIA_ENGINE: 'gstreamer',
        CLOUD_URL: t.base,
        MQTT_URL: `mqtt://127.0.0.1:${t.cloud.ports.mqtt}`,
        DATA_DIR: dataDir,
        ENROLMENT_CODE: code,
        HARDWARE_ID: 'deb-box',
        // 0: the agent binds a free port itself and logs it. A port picked here (it was a random one of
        // 18000–18999, unchecked) may be held by another process, coturn's test listeners among them
        // (10000–19999): the agent then has no control page, or this test reads another program's.
        DEV_CONTROL_PORT: '0',
        SCREEN_SLEEP_SECONDS: '30',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout?.on('data', (d) => logs.push(String(d)));
    agent.stderr?.on('data', (d) => logs.push(String(d)));
    const dev = await until('the dev control page', () => devControlUrl(logs.join('')), 30_000);
    const state = async () =>
      (await fetch(`${dev}/state`)
        .then((r) => r.json())
        .catch(() => null)) as {
        deviceId: string | null;
        kiosk: { mode: string; online: boolean };
      } | null;
    const press = () => fetch(`${dev}/press/answer`, { method: 'POST', headers: { 'x-dev-control': '1' } });
    await until('the packaged agent enrolled and online', async () => (await state())?.kiosk.online, 30_000);
    expect(logs.join('')).toMatch(/"engine":"gstreamer","msg":"media engine chosen"/);
    expect(statSync(join(dataDir, 'credential.json')).mode & 0o777).toBe(0o600);

    const nurse = await openStaffBrowser(browser, t, (await staffSession(t, w.nurse)).cookie!);
    try {
      await nurse.send({ type: 'call.place', requestId: 'deb-1', to: { kind: 'citizen', id: w.home.id } });
      await until('ringing', async () => (await state())?.kiosk.mode === 'ringing');
      await press();
      await until('in call', async () => (await state())?.kiosk.mode === 'in_call', 30_000);
      await until('frames in Chromium', async () => (await nurse.framesDecoded()) > 5, 30_000);
      await press();
      await nurse.next('call.ended');
      await until('back at rest', async () => (await state())?.kiosk.mode === 'idle');
    } finally {
      await nurse.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Where the agent's dev control page listens, from its log line `dev control page` (device/src/dev-control.ts). */
function devControlUrl(output: string): string | null {
  // Whole lines only: the last one may still be arriving.
  for (const line of output.split('\n').slice(0, -1)) {
    if (!line.includes('"dev control page"')) continue;
    const { url } = JSON.parse(line) as { url?: string };
    if (url) return url.replace(/\/$/, '');
  }
  return null;
}
