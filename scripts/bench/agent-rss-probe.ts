/**
 * Side-by-side probe of the agent-only idle RSS (SCREEN=none MEDIA_ENGINE=none, HARDWARE=sim, enrolled and
 * online, plain node) for several bundles, alternating A B A B so load drifts hit both alike.
 * Usage: tsx scripts/bench/agent-rss-probe.ts <bundle.mjs>... (env PROBE_ROUNDS, PROBE_IDLE_SECONDS)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCloudDouble } from '../../device/src/testing/cloud-double.js';

const rounds = Number(process.env.PROBE_ROUNDS ?? 3);
const idleSeconds = Number(process.env.PROBE_IDLE_SECONDS ?? 10);
const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

async function idle(bundle: string, nodeArgs: string[]): Promise<number> {
  const cloud = await startCloudDouble();
  const dataDir = mkdtempSync(join(tmpdir(), 'sv-probe-kiosk-'));
  const online = new Promise<void>((resolve) => {
    cloud.observer.on('message', (_t, payload) => {
      if ((JSON.parse(String(payload)) as { status?: string }).status === 'online') resolve();
    });
  });
  await cloud.observer.subscribeAsync('sv/v1/d/+/state');
  const child = spawn(process.execPath, [...nodeArgs, bundle], {
    env: {
      ...process.env,
      HARDWARE: 'sim',
      SCREEN: 'none',
      MEDIA_ENGINE: 'none',
      CLOUD_URL: cloud.cloudUrl,
      MQTT_URL: cloud.mqttUrl,
      DATA_DIR: dataDir,
      ENROLMENT_CODE: cloud.issueCode(),
      HARDWARE_ID: 'probe-box',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pid = child.pid!;
  try {
    await online;
    await new Promise((r) => setTimeout(r, idleSeconds * 1000));
    return rssMb(pid);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
    await cloud.close();
  }
}

const variants = process.argv.slice(2).map((spec) => {
  const [bundle = '', ...args] = spec.split(' ');
  return { spec, bundle, args };
});
const results = new Map<string, number[]>(variants.map((v) => [v.spec, []]));
console.log(
  `load before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
for (let round = 0; round < rounds; round++)
  for (const v of variants) results.get(v.spec)?.push(await idle(v.bundle, v.args));
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
);
for (const [spec, values] of results) {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(
    `${spec}: ${values.map((v) => v.toFixed(1)).join(' ')} MB (median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)})`,
  );
}
