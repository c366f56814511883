import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deviceTopic, type ServerMessage } from '@screenvisit/protocol';
import { startCloudDouble } from '../../device/src/testing/cloud-double.js';
import { startTestKiosk } from '../../device/src/testing/kiosk.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RINGS = Number(process.env.BENCH_DEVICE_RINGS ?? 60);
const IDLE_SECONDS = Number(process.env.BENCH_DEVICE_IDLE_SECONDS ?? 60);
const TARGETS = { ringP95Ms: 100, idleRssMb: 60, idleCpuPercent: 1 };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const ratio = (value: number, target: number) => `${(value / target).toFixed(2)} of target`;

/**
 * MQTT `call.incoming` on sig/down -> simulated screen on AND speaker ringing, measured in one process: the
 * agent on the simulated board, a real aedes broker (testing/cloud-double.ts). Between rings the cloud ends
 * the call and the kiosk goes back to sleep (SCREEN_SLEEP_SECONDS=0), so every ring starts from `asleep`.
 */
async function ringLatency(): Promise<number[]> {
  const cloud = await startCloudDouble();
  const kiosk = await startTestKiosk({
    cloudUrl: cloud.cloudUrl,
    mqttUrl: cloud.mqttUrl,
    code: cloud.issueCode(),
    env: { SCREEN_SLEEP_SECONDS: '0', LOG_LEVEL: 'warn' },
  });
  try {
    const waitFor = (what: string, ok: () => boolean, timeoutMs = 5_000) =>
      new Promise<void>((resolve, reject) => {
        const started = Date.now();
        const tick = () => {
          if (ok()) return resolve();
          if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
          setTimeout(tick, 5);
        };
        tick();
      });
    await waitFor('the kiosk online and asleep', () => kiosk.agent.online && kiosk.agent.state === 'asleep');
    const topic = deviceTopic(kiosk.agent.deviceId!, 'sig/down');
    const send = (m: ServerMessage) => cloud.observer.publishAsync(topic, JSON.stringify(m), { qos: 1 });
    const samples: number[] = [];
    for (let i = 0; i < RINGS; i++) {
      const callId = randomUUID();
      const rang = new Promise<number>((resolve) => {
        const off = kiosk.board.onChange(() => {
          const { screen, speaker } = kiosk.board.snapshot();
          if (screen.on && speaker.ringing) {
            off();
            resolve(performance.now());
          }
        });
      });
      const sent = performance.now();
      void send({
        v: 1,
        type: 'call.incoming',
        callId,
        from: { kind: 'staff', id: randomUUID() },
        displayName: 'Bench',
      });
      samples.push((await rang) - sent);
      await send({ v: 1, type: 'call.ended', callId, reason: 'no_answer' });
      await waitFor(
        'asleep again',
        () => kiosk.agent.state === 'asleep' && !kiosk.board.snapshot().screen.on,
      );
    }
    return samples;
  } finally {
    await kiosk.stop();
    rmSync(kiosk.dataDir, { recursive: true, force: true });
    await cloud.close();
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux (proc(5): /proc/pid/stat utime, stime)
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** The real agent process (device/src/main.ts, HARDWARE=sim), enrolled and idle, watched through /proc. */
async function idleFootprint(): Promise<{
  engine: string;
  rssMb: number;
  peakRssMb: number;
  cpuPercent: number;
}> {
  const cloud = await startCloudDouble();
  const dataDir = mkdtempSync(join(tmpdir(), 'sv-bench-kiosk-'));
  let engine = '?';
  const online = new Promise<void>((resolve) => {
    cloud.observer.on('message', (_topic, payload) => {
      const state = JSON.parse(String(payload)) as { status?: string; engine?: string };
      if (state.status === 'online') {
        engine = state.engine ?? '?';
        resolve();
      }
    });
  });
  await cloud.observer.subscribeAsync('sv/v1/d/+/state');
  const child = spawn(process.execPath, ['--import', 'tsx', 'device/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      HARDWARE: 'sim',
      CLOUD_URL: cloud.cloudUrl,
      MQTT_URL: cloud.mqttUrl,
      DATA_DIR: dataDir,
      ENROLMENT_CODE: cloud.issueCode(),
      HARDWARE_ID: 'bench-box',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = child.pid!;
  try {
    await online;
    await new Promise((r) => setTimeout(r, 5_000)); // settle after start-up (JIT, first heartbeat)
    const cpuStart = cpuSeconds(pid);
    const wallStart = performance.now();
    let peak = rssMb(pid);
    for (let s = 0; s < IDLE_SECONDS; s += 5) {
      await new Promise((r) => setTimeout(r, 5_000));
      peak = Math.max(peak, rssMb(pid));
    }
    const cpu = cpuSeconds(pid) - cpuStart;
    const wall = (performance.now() - wallStart) / 1000;
    return { engine, rssMb: rssMb(pid), peakRssMb: peak, cpuPercent: (100 * cpu) / wall };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    await cloud.close();
  }
}

export async function deviceBenchmark(): Promise<void> {
  const samples = (await ringLatency()).sort((a, b) => a - b);
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  console.log(`ring command -> screen on and ringing, ${samples.length} rings:`);
  console.log(`  p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${samples.at(-1)!.toFixed(1)} ms`);
  console.log(`  p95 target < ${TARGETS.ringP95Ms} ms: ${ratio(p95, TARGETS.ringP95Ms)}`);
  console.log(`idle agent process over ${IDLE_SECONDS} s (HARDWARE=sim, after a 5 s settle):`);
  const idle = await idleFootprint();
  console.log(`  media engine probed: ${idle.engine}`);
  console.log(
    `  RSS ${idle.rssMb.toFixed(1)} MB (peak ${idle.peakRssMb.toFixed(1)} MB), target <= ${TARGETS.idleRssMb} MB: ${ratio(idle.peakRssMb, TARGETS.idleRssMb)}`,
  );
  console.log(
    `  CPU ${idle.cpuPercent.toFixed(2)} % of one core, target <= ${TARGETS.idleCpuPercent} %: ${ratio(idle.cpuPercent, TARGETS.idleCpuPercent)}`,
  );
}
