/**
 * Side-by-side probe of the agent-only idle RSS (SCREEN=none MEDIA_ENGINE=none, HARDWARE=sim, enrolled and
 * online, plain node) for several bundles, alternating A B A B so load drifts hit both alike.
 * Usage: tsx scripts/bench/agent-rss-probe.ts <bundle.mjs>... (env PROBE_ROUNDS, PROBE_IDLE_SECONDS)
 */
import { loadLine, rssMb, sampleIdleKiosk, sleep } from './idle-kiosk.js';

const rounds = Number(process.env.PROBE_ROUNDS ?? 3);
const idleSeconds = Number(process.env.PROBE_IDLE_SECONDS ?? 10);

const idle = (bundle: string, nodeArgs: string[]) =>
  sampleIdleKiosk({
    bundle,
    nodeArgs,
    env: { SCREEN: 'none', MEDIA_ENGINE: 'none' },
    sample: async ({ pid }) => {
      await sleep(idleSeconds * 1000);
      return rssMb(pid);
    },
  });

const variants = process.argv.slice(2).map((spec) => {
  const [bundle = '', ...args] = spec.split(' ');
  return { spec, bundle, args };
});
const results = new Map<string, number[]>(variants.map((v) => [v.spec, []]));
console.log(loadLine('before'));
for (let round = 0; round < rounds; round++)
  for (const v of variants) results.get(v.spec)?.push(await idle(v.bundle, v.args));
console.log(loadLine('after'));
for (const [spec, values] of results) {
  const sorted = [...values].sort((a, b) => a - b);
  console.log(
    `${spec}: ${values.map((v) => v.toFixed(1)).join(' ')} MB (median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(1)})`,
  );
}
