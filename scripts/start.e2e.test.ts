import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../cloud/src/db/index.js';
import { municipalitiesTable } from '../cloud/src/db/schema/index.js';
import { createLogger } from '../cloud/src/kernel/logger.js';

/**
 * `npm start` as a person runs it (minus the web build, which the e2e project's other suites cover): the
 * cloud with its embedded database and broker, the seeded demo municipality, and the simulated kiosk that
 * enrols and comes online. Then Ctrl-C, and a second start on the same data.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const data = mkdtempSync(join(tmpdir(), 'sv-start-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

/**
 * `count` different ports, free right now. The probes stay open until all are picked: one closed before the next
 * was opened could be handed out again (Linux picks port 0 among a few thousand odd ports, so about 1 start in
 * 1,200 got the same port twice and `npm start` failed with "… is already in use").
 */
async function freePorts(count: number): Promise<number[]> {
  const probes = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    probes.map(
      (probe) =>
        new Promise<number>((resolve) =>
          probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
        ),
    ),
  );
  await Promise.all(probes.map((probe) => new Promise((resolve) => probe.close(resolve))));
  return ports;
}

async function startSystem() {
  const [http, mqtt, mqttWs, kioskControl] = (await freePorts(4)) as [number, number, number, number];
  const ports = { PORT: http, MQTT_PORT: mqtt, MQTT_WS_PORT: mqttWs, KIOSK_CONTROL_PORT: kioskControl };
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      SCREENVISIT_DATA: data,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const started = Date.now();
  while (!output.includes('ScreenVisit is running')) {
    if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
    if (Date.now() - started > 60_000) throw new Error(`npm start not ready in 60 s: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, exited, ports, output: () => output, base: `http://127.0.0.1:${ports.PORT}` };
}

describe('npm start', () => {
  it('runs the whole system: ready, demo seeded, the simulated kiosk online, URLs and logins printed', async () => {
    const system = await startSystem();
    try {
      const banner = system.output();
      for (const path of ['/staff/', '/citizen/', '/nightwatch/', '/support/', '/admin/', '/api/docs'])
        expect(banner).toContain(path);
      expect(banner).toMatch(/password for all: \S+/);
      // A demo login for every role (issue 12 §5), each with where it works; the citizen gets an activation code.
      // Support's pages from page-roles.ts, /dashboard/ among them (README "Demo tour"; it was left out).
      expect(banner).toMatch(/sofie\.berg\s+support\s+\/support\/, \/dashboard\/, \/watch\//);
      expect(banner).toMatch(/mette\.larsen\s+unit_manager\s+\/dashboard\//);
      expect(banner).toMatch(/henrik\.dahl\s+system_admin\s+\/admin\//);
      expect(banner).toMatch(/nina\.vestergaard\s+vendor_support/);
      expect(banner).toMatch(/jonas\.nielsen\s+staff/);
      // Only the night-watch pool's members are sent to the night console; the others have no pool there.
      expect(banner).toMatch(/lars\.poulsen\s+staff\s+\/staff\/ \(Nattevagt: \/nightwatch\/\)/);
      expect(banner).not.toMatch(/jonas\.nielsen[^\n]*Nattevagt/);
      expect(banner).toMatch(/mette\.larsen\s+unit_manager/);
      expect(banner).toMatch(/Citizen Else Mortensen: activation code [A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
      // The tour's idle lock is reached in the demo's short timeout, and the banner says how short (README).
      expect(banner).toContain('Demo: konsollen låser efter 3 min uden aktivitet (ændres under /admin/)');
      expect(banner).toContain('The night-watch console on duty locks after 3 min without activity');

      expect((await fetch(`${system.base}/readyz`)).status).toBe(200);
      const status = (await (await fetch(`${system.base}/api/status`)).json()) as {
        devices: { online: number; total: number };
      };
      expect(status.devices).toEqual({ total: 1, online: 1 });
      const kioskPage = await fetch(`http://127.0.0.1:${system.ports.KIOSK_CONTROL_PORT}/`);
      expect(kioskPage.status).toBe(200);
      expect(await kioskPage.text()).toMatch(/night watch/i);
      // The kiosk's rest screen shows Copenhagen's time, as a real kiosk and every staff screen do, whatever
      // the host's zone (on a UTC host it was an hour behind in winter).
      const control = `http://127.0.0.1:${system.ports.KIOSK_CONTROL_PORT}`;
      await fetch(`${control}/touch`, { method: 'POST', headers: { 'x-dev-control': '1' } });
      const copenhagen = (at: number) =>
        new Intl.DateTimeFormat('da-DK', {
          hour: '2-digit',
          minute: '2-digit',
          timeZone: 'Europe/Copenhagen',
        }).format(at);
      await vi.waitFor(
        async () => {
          const { glass } = (await (await fetch(`${control}/state`)).json()) as { glass: { title: string } };
          // Either side of a minute turning over between the kiosk's read and ours.
          expect([copenhagen(Date.now()), copenhagen(Date.now() - 60_000)]).toContain(glass.title);
        },
        { timeout: 5_000 },
      );
    } finally {
      system.child.kill('SIGINT');
    }
    expect(await system.exited).toBe(0);
    expect(existsSync(join(data, 'cloud', 'demo-kiosk-code.txt'))).toBe(false);
  });

  it('keeps its data across a restart: the demo is seeded once and the kiosk reconnects with its stored credential', async () => {
    const system = await startSystem();
    try {
      const status = (await (await fetch(`${system.base}/api/status`)).json()) as {
        devices: { online: number; total: number };
      };
      expect(status.devices).toEqual({ total: 1, online: 1 });
    } finally {
      system.child.kill('SIGINT');
    }
    expect(await system.exited).toBe(0);
    const database = await openDatabase({
      dataDir: join(data, 'cloud'),
      log: createLogger({ level: 'silent' }),
    });
    try {
      expect(await database.db.select().from(municipalitiesTable)).toHaveLength(1);
    } finally {
      await database.close();
    }
  });
});
