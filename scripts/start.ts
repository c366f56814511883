/**
 * `npm start`: the whole system on one machine with embedded defaults. The cloud (embedded PGlite + aedes,
 * demo municipality seeded when empty) and one simulated kiosk (device agent + hardware simulator) run as
 * separate processes, as they would in the field; Ctrl-C stops both cleanly.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isConfigError, parseEnv } from '@screenvisit/protocol/env';
import { z } from 'zod';
import { pagesOfRole, STAFF_PAGES } from '../cloud/web/src/shared/page-roles.js';
import { startEnv } from './start-env.js';

/** The zone the simulated kiosk runs in: the demo municipality's. */
const DEMO_KIOSK_ZONE = 'Europe/Copenhagen';

/** The files the cloud's demo seed leaves in its data folder (cloud/src/node/demo.ts). */
const DemoLogins = z.object({
  password: z.string(),
  staff: z.array(
    z.object({
      username: z.string(),
      role: z.string(),
      nightWatch: z.boolean().default(false),
      /** Leads a night watch (has a pool to see at /watch/); cloud/src/node/demo.ts. */
      watch: z.boolean().default(false),
    }),
  ),
});
const DemoCitizenCode = z.object({ citizen: z.string(), code: z.string() });
/** cloud/src/node/demo-tour.ts, written at every start from the municipality's stored settings. */
const DemoTour = z.object({ idleTimeoutMinutes: z.number().int().min(1) });

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

const children: ChildProcess[] = [];

function run(name: string, entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n${name} stopped unexpectedly (${signal ?? `exit ${code}`}). Stopping everything.`);
      void stopAll(code === 0 ? 1 : (code ?? 1));
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stopAll(code: number): Promise<never> {
  stopping = true;
  await Promise.all(
    children
      .filter((c) => c.exitCode === null && c.signalCode === null)
      .map(
        (c) =>
          new Promise<void>((done) => {
            const kill = setTimeout(() => c.kill('SIGKILL'), 10_000);
            c.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            c.kill('SIGTERM');
          }),
      ),
  );
  process.exit(code);
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stopping) await new Promise(() => {});
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
}

async function main() {
  const env = parseEnv('npm start', startEnv, process.env);
  const started = Date.now();
  const data = resolve(root, env.SCREENVISIT_DATA);
  const cloudData = join(data, 'cloud');
  const base = `http://127.0.0.1:${env.PORT}`;
  // Printed links use localhost: browsers treat it as a secure context, so the Secure session cookie works.
  const shown = `http://localhost:${env.PORT}`;
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  run('The cloud', 'cloud/src/main.ts', {
    PORT: String(env.PORT),
    MQTT_PORT: String(env.MQTT_PORT),
    MQTT_WS_PORT: String(env.MQTT_WS_PORT),
    DATA_DIR: cloudData,
    DEMO: 'true',
    LOG_LEVEL: env.LOG_LEVEL,
  });
  await waitFor(
    'The cloud becoming ready',
    async () => ((await fetch(`${base}/readyz`)).ok ? true : undefined),
    60_000,
  );

  let enrolmentCode = '';
  const codeFile = join(cloudData, 'demo-kiosk-code.txt');
  try {
    enrolmentCode = readFileSync(codeFile, 'utf8').trim();
    // One-time: handed to the kiosk now; a new one is issued at the next start if it did not take.
    rmSync(codeFile);
  } catch {
    // Already enrolled: the kiosk keeps its credential in its own data folder.
  }
  run('The simulated kiosk', 'device/src/main.ts', {
    CLOUD_URL: base,
    MQTT_URL: `mqtt://127.0.0.1:${env.MQTT_PORT}`,
    DATA_DIR: join(data, 'kiosk'),
    HARDWARE: 'sim',
    HARDWARE_ID: 'demo-kiosk-1',
    DEV_CONTROL_PORT: String(env.KIOSK_CONTROL_PORT),
    LOG_LEVEL: env.LOG_LEVEL,
    // A real kiosk is set to the municipality's zone (device/src/call-controller.ts: "a kiosk is set to
    // Europe/Copenhagen"), and the demo municipality is in it (municipalities.time_zone's default). On a host
    // in UTC the simulated kiosk showed 05.16 at rest beside 06.16 on every staff screen, and kept Aase's quiet
    // hours 22–07 an hour late.
    TZ: DEMO_KIOSK_ZONE,
    ...(enrolmentCode ? { ENROLMENT_CODE: enrolmentCode } : {}),
  });
  const online = await waitFor(
    'The simulated kiosk coming online',
    async () => {
      const status = (await (await fetch(`${base}/api/status`)).json()) as { devices: { online: number } };
      return status.devices.online > 0 ? status.devices.online : undefined;
    },
    30_000,
  );

  const logins = DemoLogins.parse(JSON.parse(readFileSync(join(cloudData, 'demo-logins.json'), 'utf8')));
  const citizenFile = join(cloudData, 'demo-citizen-code.json');
  const citizen = existsSync(citizenFile)
    ? DemoCitizenCode.parse(JSON.parse(readFileSync(citizenFile, 'utf8')))
    : null;
  const tourFile = join(cloudData, 'demo-tour.json');
  const tour = existsSync(tourFile) ? DemoTour.parse(JSON.parse(readFileSync(tourFile, 'utf8'))) : null;
  // Where each role works, so every demo login has somewhere to go (issue 12 §5): the pages come from the one
  // table the pages' gates read (page-roles.ts), so support's /dashboard/ is not left out again; the notes only say what
  // a page is for.
  const NOTE: Record<string, string> = {
    '/watch/': '/watch/ (night-watch oversight)',
    '/admin/': '/admin/ (settings)',
  };
  // /watch/ only for whom it has a pool to show (the cloud's rule, as the start page's tile): its role alone
  // listed it for mette.larsen, who leads no night watch.
  const where = ({ role, watch }: { role: string; watch: boolean }) =>
    pagesOfRole(role)
      .filter((href) => watch || href !== STAFF_PAGES.watch.href)
      .map((href) => NOTE[href] ?? href)
      .join(', ') +
    (role === 'vendor_support'
      ? ' (devices and diagnostics, read-only; Supportkonti: resets support workers)'
      : '');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
ScreenVisit is running (ready in ${seconds} s; ${online} kiosk online). Ctrl-C stops everything.

  Start page        ${shown}/
  Staff console     ${shown}/staff/
  Citizen (BYOD)    ${shown}/citizen/
  Night watch       ${shown}/nightwatch/
  Support           ${shown}/support/
  Dashboard         ${shown}/dashboard/   (unit managers and support)
  Administration    ${shown}/admin/
  API reference     ${shown}/api/docs   (OpenAPI: ${shown}/api/openapi.json)
  Simulated kiosk   http://localhost:${env.KIOSK_CONTROL_PORT}/   (press its buttons, watch its screen)
  MQTT for kiosks   mqtt://127.0.0.1:${env.MQTT_PORT}  and  ws://127.0.0.1:${env.MQTT_WS_PORT}/mqtt

Demo logins (password for all: ${logins.password}):
${logins.staff.map((s) => `  ${s.username.padEnd(18)} ${s.role.padEnd(15)} ${where(s)}${s.nightWatch ? ' (Nattevagt: /nightwatch/)' : ''}`).join('\n')}
${citizen ? `  Citizen ${citizen.citizen}: activation code ${citizen.code} at ${shown}/citizen/ (one-time)\n` : ''}${tour ? idleLine(tour.idleTimeoutMinutes) : ''}`);
}

/**
 * The README's tour waits out the idle timeout to see the night-watch console lock, so the banner says how long
 * (the demo seeds a short one, cloud/src/node/demo-tour.ts); it logs other staff out after as long (citizens have no
 * idle timeout: docs/security.md).
 */
function idleLine(minutes: number): string {
  return `
Demo: konsollen låser efter ${minutes} min uden aktivitet (ændres under /admin/); andre medarbejdersider logger ud.
      The night-watch console on duty locks after ${minutes} min without activity (change it at /admin/);
      other staff pages log out. A citizen's page stays logged in, so it rings.
`;
}

main().catch((error: unknown) => {
  console.error(
    `\nnpm start: ${isConfigError(error) || error instanceof Error ? error.message : String(error)}\n`,
  );
  void stopAll(2);
});
