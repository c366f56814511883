/**
 * Where the whole idle kiosk's RSS and CPU go (SCREEN=gtk MEDIA_ENGINE=gstreamer on its own Xvfb, HARDWARE=sim,
 * enrolled and online, the bundle under plain node): per run, RSS split by mapping (V8/malloc anonymous memory,
 * shared libraries, other files) from /proc/<pid>/smaps, and CPU per thread from /proc/<pid>/task/<tid>/stat.
 * Variants alternate A B A B so load drifts hit both alike.
 * Usage: tsx scripts/bench/kiosk-idle-probe.ts "<bundle.mjs> [node flags]" ["KEY=VALUE ..."]...
 *   env PROBE_ROUNDS (3), PROBE_IDLE_SECONDS (20), PROBE_ENV (extra KEY=VALUE pairs for every run)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { startXvfb } from './chromium-kiosk.js';
import { loadLine, rssMb, sampleIdleKiosk, sleep } from './idle-kiosk.js';

const rounds = Number(process.env.PROBE_ROUNDS ?? 3);
const idleSeconds = Number(process.env.PROBE_IDLE_SECONDS ?? 20);
const CLOCK_TICKS = 100; // USER_HZ (proc(5))

const parseEnv = (s: string | undefined) =>
  Object.fromEntries(
    (s ?? '')
      .split(' ')
      .filter(Boolean)
      .map((kv) => kv.split('=', 2) as [string, string]),
  );

/** RSS in MB by kind of mapping. */
function rssByMapping(pid: number): Record<string, number> {
  const out: Record<string, number> = {};
  let kind = 'anon';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const path = head[1] ?? '';
      kind = !path ? 'anon' : path.startsWith('[') ? path : /\.so[.\d]*$/.test(path) ? 'libs' : 'files';
      if (/libLLVM|swrast|dri/.test(path)) kind = 'mesa';
      if (/gstreamer-1.0\//.test(path)) kind = 'gst-plugins';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) out[kind] = (out[kind] ?? 0) + Number(rss[1]) / 1024;
  }
  return out;
}

/** The largest mappings by path, for PROBE_DETAIL=1. */
function topMappings(pid: number, n = 15): string {
  const byPath = new Map<string, number>();
  let path = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) path = head[1] || '(anon)';
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) byPath.set(path, (byPath.get(path) ?? 0) + Number(rss[1]) / 1024);
  }
  return [...byPath]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([p, mb]) => `  ${mb.toFixed(1).padStart(6)} MB ${p}`)
    .join('\n');
}

function threadTicks(pid: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = /\((.*)\)/.exec(stat)?.[1] ?? tid;
      const f = stat.split(') ')[1]!.split(' ');
      out.set(`${name}#${tid}`, Number(f[11]) + Number(f[12]));
    } catch {
      // the thread ended
    }
  }
  return out;
}

const idle = (bundle: string, nodeArgs: string[], extraEnv: Record<string, string>, display: string) =>
  sampleIdleKiosk({
    bundle,
    nodeArgs,
    env: {
      SCREEN: 'gtk',
      MEDIA_ENGINE: 'gstreamer',
      DISPLAY: display,
      ...parseEnv(process.env.PROBE_ENV),
      ...extraEnv,
    },
    sample: async ({ pid }) => {
      await sleep(5_000); // as `npm run bench device`: settle first
      const before = threadTicks(pid);
      const start = performance.now();
      await sleep(idleSeconds * 1000);
      const after = threadTicks(pid);
      const wall = (performance.now() - start) / 1000;
      const threads = [...after]
        .map(([name, t]) => [name, (100 * (t - (before.get(name) ?? 0))) / CLOCK_TICKS / wall] as const)
        .filter(([, pct]) => pct > 0)
        .sort((a, b) => b[1] - a[1]);
      const total = threads.reduce((s, [, p]) => s + p, 0);
      const rss = rssMb(pid);
      if (process.env.PROBE_DETAIL) console.log(topMappings(pid));
      return { rss, byMapping: rssByMapping(pid), cpu: total, threads, count: after.size };
    },
  });

const specs = process.argv.slice(2);
const variants = (specs.length ? specs : ['device/dist/screenvisit-kiosk.mjs']).map((spec) => {
  const [run = '', env] = spec.split('|');
  const [bundle = '', ...args] = run.trim().split(' ');
  return { spec, bundle, args, env: parseEnv(env?.trim()) };
});
const xvfb = await startXvfb();
try {
  console.log(loadLine('before'));
  for (let round = 0; round < rounds; round++)
    for (const v of variants) {
      const r = await idle(v.bundle, v.args, v.env, xvfb.display);
      const maps = Object.entries(r.byMapping)
        .sort((a, b) => b[1] - a[1])
        .map(([k, mb]) => `${k} ${mb.toFixed(1)}`)
        .join(', ');
      const top = r.threads
        .slice(0, 5)
        .map(([n, p]) => `${n} ${p.toFixed(2)}`)
        .join(', ');
      console.log(
        `[${v.spec}] RSS ${r.rss.toFixed(1)} MB (${maps}); CPU ${r.cpu.toFixed(2)} % over ${r.count} threads (${top})`,
      );
    }
  console.log(loadLine('after'));
} finally {
  await xvfb.stop();
}
