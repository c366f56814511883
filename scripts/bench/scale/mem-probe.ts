import { probedCloud } from './probed-cloud.js';
import { rssKb, sleep } from './servers.js';

/**
 * `npx tsx scripts/bench/scale/mem-probe.ts <n> [snapshot-prefix]`: where an idle kiosk's memory goes in the cloud
 * process. Before and after N idle kiosks: RSS (5 s after the storm as `bench scale`, but with a GC before it), then after a full
 * GC: RSS, JS heap used/total, external and array buffers (process.memoryUsage()). With a prefix, writes
 * <prefix>-0.heapsnapshot and <prefix>-<n>.heapsnapshot for a diff by constructor (Chrome DevTools: Comparison).
 */
const n = Number(process.argv[2] ?? 1000);
const prefix = process.argv[3];
const { server, fleet, probe, close } = await probedCloud(n);
const per = (a: number, b: number) => `${((b - a) / n).toFixed(2)} KB`;
try {
  await sleep(2_000);
  const rss0 = rssKb(server.pid);
  const gc0 = await probe.afterGc();
  if (prefix) await probe.snapshot(`${prefix}-0.heapsnapshot`);
  const rss0b = rssKb(server.pid);
  const seconds = await fleet.connectAll(100);
  await sleep(5_000);
  const rss1 = rssKb(server.pid);
  const gc1 = await probe.afterGc();
  if (prefix) await probe.snapshot(`${prefix}-${n}.heapsnapshot`);
  console.log(`N = ${n}, connected in ${seconds.toFixed(1)} s`);
  console.log(
    `  RSS 5 s after the storm, minus before:      ${per(rss0, rss1)} per kiosk (bench scale's figure, but after a GC before the storm)`,
  );
  console.log(`  RSS after a full GC, minus before (GC'd):   ${per(gc0.rss!, gc1.rss!)} per kiosk`);
  for (const key of ['heapUsed', 'heapTotal', 'external', 'arrayBuffers'])
    console.log(
      `  ${key.padEnd(12)} after GC: ${per(gc0[key]!, gc1[key]!)} per kiosk (${(gc0[key]! / 1024).toFixed(1)} → ${(gc1[key]! / 1024).toFixed(1)} MB)`,
    );
  console.log(
    `  RSS before ${(rss0 / 1024).toFixed(1)} MB (after GC ${(gc0.rss! / 1024).toFixed(1)}, after snapshot ${(rss0b / 1024).toFixed(1)}), after ${(rss1 / 1024).toFixed(1)} MB (after GC ${(gc1.rss! / 1024).toFixed(1)})`,
  );
} finally {
  await close();
}
