import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HAPROXY_PATH = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';
/** The documented production config, used as it is: only the addresses come from the environment. */
export const HAPROXY_CONFIG = fileURLToPath(new URL('../../../deploy/haproxy.cfg', import.meta.url));

export interface NodePorts {
  readonly http: number;
  readonly mqtt: number;
  readonly mqttWs: number;
}

export interface RunningHaproxy {
  readonly ports: NodePorts;
  /** One line of HAProxy's runtime API (the admin socket), e.g. `set server nodes_mqtt/a state drain`. */
  command(line: string): Promise<string>;
  stop(): Promise<void>;
}

/** A free TCP port in this engineer's range (23000-23999 on the shared machine; tests pick free ones). */
async function freePort(from: number, to: number, taken: Set<number>): Promise<number> {
  const start = from + Math.floor(Math.random() * (to - from));
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((start - from + i) % (to - from + 1));
    if (taken.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${from}-${to}`);
}

/**
 * HAProxy in front of nodes a and b with deploy/haproxy.cfg, in the foreground (-db) as a child of the test,
 * its three doors on free ports in SV_TEST_PORTS (default 23000-23999). Resolves once both nodes pass the check.
 */
export async function startHaproxy(nodes: { a: NodePorts; b: NodePorts }): Promise<RunningHaproxy> {
  const [from, to] = (process.env.SV_TEST_PORTS ?? '23000-23999').split('-').map(Number) as [number, number];
  const taken = new Set<number>();
  const ports = {
    http: await freePort(from, to, taken),
    mqtt: await freePort(from, to, taken),
    mqttWs: await freePort(from, to, taken),
  };
  const dir = mkdtempSync(join(tmpdir(), 'sv-haproxy-'));
  const socket = join(dir, 'admin.sock');
  const env = {
    PATH: process.env.PATH ?? '',
    SV_HAPROXY_SOCKET: socket,
    // The test machine's file limit (ulimit -n) is far below production's.
    SV_HAPROXY_MAXCONN: '8000',
    SV_HTTP_BIND: `127.0.0.1:${ports.http}`,
    SV_MQTT_BIND: `127.0.0.1:${ports.mqtt}`,
    SV_MQTT_WS_BIND: `127.0.0.1:${ports.mqttWs}`,
    SV_NODE_A_HOST: '127.0.0.1',
    SV_NODE_B_HOST: '127.0.0.1',
    SV_NODE_A_HTTP: String(nodes.a.http),
    SV_NODE_A_MQTT: String(nodes.a.mqtt),
    SV_NODE_A_MQTT_WS: String(nodes.a.mqttWs),
    SV_NODE_B_HTTP: String(nodes.b.http),
    SV_NODE_B_MQTT: String(nodes.b.mqtt),
    SV_NODE_B_MQTT_WS: String(nodes.b.mqttWs),
  };
  const child: ChildProcess = spawn(HAPROXY_PATH, ['-db', '-f', HAPROXY_CONFIG], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const command = (line: string) =>
    new Promise<string>((resolve, reject) => {
      const conn = createConnection(socket);
      let answer = '';
      conn.on('data', (d) => {
        answer += d;
      });
      conn.once('error', reject);
      conn.once('end', () => resolve(answer));
      conn.write(`${line}\n`);
    });

  const running: RunningHaproxy = {
    ports,
    command,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
  // Up when every server of every backend reports UP (status column of `show servers state`: 2 = running).
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${output}`);
    const state = await command('show servers state').catch(() => '');
    const rows = state.split('\n').filter((l) => /^\d+ nodes_/.test(l));
    if (rows.length === 6 && rows.every((r) => r.split(' ')[5] === '2')) return running;
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(`haproxy did not see both nodes up: ${state}\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
