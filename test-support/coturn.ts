import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executableExists, requireOrSkip, tcpReachable } from './requirements.js';

/**
 * TEST ONLY: a real coturn (Debian's /usr/bin/turnserver) on loopback, on a free port, stopped by the test.
 * Shape from shared/notes/dependencies.md "TURN and network cuts": `--allow-loopback-peers` is needed for a
 * relay↔relay call on 127.0.0.1 (the "peer" is the server's own relay address) and requires `--no-cli`.
 */
export const TURNSERVER_PATH = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

export function hasCoturn(): boolean {
  return requireOrSkip('coturn (turnserver)', executableExists(TURNSERVER_PATH), 'apt-get install coturn');
}

export interface RunningCoturn {
  readonly port: number;
  /** TLS listener (it only opens when the configuration names a readable certificate and key). */
  readonly tlsPort: number;
  /** Everything coturn logged so far (for failure messages). */
  output(): string;
  close(): Promise<void>;
}

/**
 * Every port coturn binds is taken below Linux's ephemeral range (32768–60999 by default): a port from there can be
 * given to any outgoing connection between this check and coturn's bind, and a machine busy with many sockets (a
 * bench's 10,000 kiosks beside CI, 2026-12-05) took the TLS port and relay ports, so no relay candidate came.
 */
const LISTEN_PORTS = { from: 10_000, count: 10_000 };
const RELAY_WINDOWS = { from: 20_000, count: 127, size: 100 };

/** A port free for both UDP and TCP on 127.0.0.1 (TURN listens on both). */
async function freeUdpTcpPort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const tcp = createServer();
    const wanted = LISTEN_PORTS.from + Math.floor(Math.random() * LISTEN_PORTS.count);
    const port = await new Promise<number | null>((resolve) => {
      tcp.once('error', () => resolve(null));
      tcp.listen(wanted, '127.0.0.1', () => resolve(wanted));
    });
    if (port === null) continue;
    const udp = createSocket('udp4');
    const udpFree = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    udp.close();
    await new Promise((resolve) => tcp.close(resolve));
    if (udpFree) return port;
  }
  throw new Error('no port free for both UDP and TCP on 127.0.0.1');
}

export async function startCoturn(options: {
  readonly secret: string;
  /** Use this configuration file (the production one) instead of `-n` (no file); flags still override it. */
  readonly configFile?: string;
  readonly extraArgs?: readonly string[];
  /**
   * The one address coturn listens and relays on (default loopback). A relay on two addresses hands them out in
   * turn, so a call's second allocation may get another one than its first.
   */
  readonly address?: string;
}): Promise<RunningCoturn> {
  const address = options.address ?? '127.0.0.1';
  const port = await freeUdpTcpPort();
  const tlsPort = await freeUdpTcpPort();
  // Relay ports: a random window, so parallel suites rarely meet (coturn skips ports already taken).
  const minPort = RELAY_WINDOWS.from + Math.floor(Math.random() * RELAY_WINDOWS.count) * RELAY_WINDOWS.size;
  const dir = mkdtempSync(join(tmpdir(), 'sv-coturn-'));
  const args = [
    ...(options.configFile ? ['-c', options.configFile] : ['-n', '--realm=screenvisit.test']),
    `--listening-ip=${address}`,
    `--relay-ip=${address}`,
    `--listening-port=${port}`,
    `--tls-listening-port=${tlsPort}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + 99}`,
    '--use-auth-secret',
    `--static-auth-secret=${options.secret}`,
    '--allow-loopback-peers',
    '--no-cli',
    `--pidfile=${join(dir, 'turnserver.pid')}`,
    '--log-file=stdout',
    '--simple-log',
    ...(options.extraArgs ?? []),
  ];
  const child: ChildProcess = spawn(TURNSERVER_PATH, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  while (!(await tcpReachable(address, port, 200))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await close();
      throw new Error(`turnserver did not start (exit ${child.exitCode}):\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { port, tlsPort, output: () => log, close };
}
