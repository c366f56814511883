import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLOCK_TICKS = 100; // USER_HZ on Linux (proc(5): /proc/pid/stat utime, stime)

/** CPU seconds of process `pid`, or of its thread `tid` alone (the main thread's tid is the pid). */
export function cpuSeconds(pid: number, tid?: number): number {
  const path = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
  const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

export function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

/**
 * BENCH_SCALE_PORTS=22000-22999: take the servers' ports from this range (the first free ones, in order) instead
 * of the kernel's ephemeral range, for engineers who share a machine with a port range each.
 */
const PORT_RANGE = /^(\d+)-(\d+)$/.exec(process.env.BENCH_SCALE_PORTS ?? '');
let nextPort = PORT_RANGE ? Number(PORT_RANGE[1]) : 0;

export async function freePort(): Promise<number> {
  if (!PORT_RANGE) return listenOnce(0);
  while (nextPort <= Number(PORT_RANGE[2])) {
    const port = nextPort++;
    try {
      return await listenOnce(port);
    } catch {
      // taken: try the next one
    }
  }
  throw new Error(`BENCH_SCALE_PORTS ${PORT_RANGE[0]}: no free port left`);
}

function listenOnce(wanted: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(wanted, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Server {
  readonly pid: number;
  readonly url: string;
  /** The port its inspector opens on (node --inspect-port; SIGUSR1 opens it), for a node process started with one. */
  readonly inspectPort?: number;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Debian's Mosquitto 2.0 on a free loopback port, anonymous, no persistence: the reference broker. */
export async function startMosquitto(): Promise<Server> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'sv-bench-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_queued_messages 1000',
      'log_type error',
    ].join('\n'),
  );
  const child = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createServer().listen(port, '127.0.0.1');
      socket.once('listening', () => socket.close(() => resolve(false)));
      socket.once('error', () => resolve(true));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`mosquitto did not start: ${stderr}`);
    await sleep(50);
  }
  return {
    pid: child.pid!,
    url: `mqtt://127.0.0.1:${port}`,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Stock aedes alone (scale/bare-aedes.ts) on a free loopback port, under tsx as the cloud runs: the engine's own
 * share of the cloud's figures (BENCH_SCALE_REFERENCE_AEDES=1).
 */
export async function startBareAedes(inspectPort?: number): Promise<Server> {
  const port = await freePort();
  const script = fileURLToPath(new URL('./bare-aedes.ts', import.meta.url));
  const inspect = inspectPort === undefined ? [] : [`--inspect-port=127.0.0.1:${inspectPort}`];
  const child = spawn(process.execPath, [...inspect, '--import', 'tsx', script, String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bare aedes did not start: ${output}`)), 30_000);
    const seen = (d: Buffer) => {
      output = (output + d).slice(-4000);
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bare aedes exited (${code}): ${output}`));
    });
  });
  await ready;
  return {
    pid: child.pid!,
    url: `mqtt://127.0.0.1:${port}`,
    ...(inspectPort === undefined ? {} : { inspectPort }),
    stop: () => stopChild(child),
  };
}

/** The cloud process (cloud/src/main.ts under tsx) from `root`, on free ports; ready when /readyz says 200. */
export async function startCloudProcess(
  root: string,
  env: Record<string, string>,
): Promise<Server & { readonly base: string }> {
  const [http, mqtt, mqttWs] = [await freePort(), await freePort(), await freePort()];
  // BENCH_SCALE_CLOUD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": profile the cloud process (written at exit).
  const nodeArgs = (process.env.BENCH_SCALE_CLOUD_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'cloud/src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: String(http),
      MQTT_PORT: String(mqtt),
      MQTT_WS_PORT: String(mqttWs),
      LOG_LEVEL: 'warn',
      ACCESS_REVIEW_SWEEP_MINUTES: '0',
      ...env,
    },
    // BENCH_SCALE_CLOUD_LOG=<file>: keep the cloud's log (LOG_LEVEL warn unless set) for a look afterwards.
    stdio: [
      'ignore',
      process.env.BENCH_SCALE_CLOUD_LOG ? openSync(process.env.BENCH_SCALE_CLOUD_LOG, 'a') : 'ignore',
      'pipe',
    ],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const base = `http://127.0.0.1:${http}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    const ready = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the cloud did not start: ${stderr}`);
    await sleep(200);
  }
  return {
    pid: child.pid!,
    // BENCH_SCALE_TRANSPORT=ws: the kiosks speak MQTT over WebSocket (MQTT 3.1.1 §6, the cloud's /mqtt path).
    url:
      process.env.BENCH_SCALE_TRANSPORT === 'ws'
        ? `ws://127.0.0.1:${mqttWs}/mqtt`
        : `mqtt://127.0.0.1:${mqtt}`,
    base,
    stop: () => stopChild(child),
  };
}
