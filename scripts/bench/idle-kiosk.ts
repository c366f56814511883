/**
 * The shared idle-kiosk sampler (device.ts, agent-rss-probe.ts, kiosk-idle-probe.ts): one kiosk bundle under
 * plain node, enrolled and online against a cloud double on the simulated board (HARDWARE=sim), left idle and
 * sampled through /proc.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloudDouble } from '../../device/src/testing/cloud-double.js';

export interface IdleKioskOptions<T> {
  bundle: string;
  nodeArgs: string[];
  /** SCREEN, MEDIA_ENGINE and the like; over the defaults, so a probe may override any of them. */
  env: Record<string, string>;
  cwd?: string;
  /** 'keep': the agent's output is kept for `sample` (bounded) instead of its stderr going to ours. */
  output?: 'inherit' | 'keep';
  /** Runs once the kiosk reported itself online; the kiosk is stopped when it settles. */
  sample(kiosk: IdleKiosk): Promise<T>;
}

export interface IdleKiosk {
  pid: number;
  /** The engine the kiosk's online state named ('?' when it named none). */
  engine: string;
  /** What the agent wrote (with output 'keep'). */
  output(): string;
}

export async function sampleIdleKiosk<T>(options: IdleKioskOptions<T>): Promise<T> {
  const cloud = await startCloudDouble();
  const dataDir = mkdtempSync(join(tmpdir(), 'sv-probe-kiosk-'));
  let engine = '?';
  const online = new Promise<void>((resolve) => {
    cloud.observer.on('message', (_t, payload) => {
      const state = JSON.parse(String(payload)) as { status?: string; engine?: string };
      if (state.status === 'online') {
        engine = state.engine ?? '?';
        resolve();
      }
    });
  });
  await cloud.observer.subscribeAsync('sv/v1/d/+/state');
  const keep = options.output === 'keep';
  const child = spawn(process.execPath, [...options.nodeArgs, options.bundle], {
    cwd: options.cwd,
    env: {
      ...process.env,
      HARDWARE: 'sim',
      CLOUD_URL: cloud.cloudUrl,
      MQTT_URL: cloud.mqttUrl,
      DATA_DIR: dataDir,
      ENROLMENT_CODE: cloud.issueCode(),
      HARDWARE_ID: 'probe-box',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: keep ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'inherit'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    if (output.length < 65_536) output += chunk.toString('utf8');
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const pid = child.pid!;
  try {
    await online;
    return await options.sample({ pid, engine, output: () => output });
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    await cloud.close();
  }
}

export const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** "load before: 1.00, 0.50, 0.25": printed around every probe run (docs/performance.md asks for it). */
export const loadLine = (when: 'before' | 'after') =>
  `load ${when}: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`;
