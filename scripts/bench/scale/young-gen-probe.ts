import { probedCloud } from './probed-cloud.js';
import { rssKb, sleep } from './servers.js';

/**
 * `npx tsx scripts/bench/scale/young-gen-probe.ts <n>`: does V8 give a grown young generation back once the fleet is
 * idle? (issue 14, branch pushgc: `--max-semi-space-size` buys push CPU with idle memory.) N kiosks connect (100 in
 * flight, as `bench scale`), heartbeat every 30 s, then RSS and new_space (committed, physical, used; no GC) at
 * 5 / 10 / 30 / 60 s after the storm, then a bulk push to all and the same 10 / 30 / 60 s after its last ack.
 * The cloud's V8 flags come from BENCH_SCALE_CLOUD_NODE_ARGS, as for the bench. Prints one line per sample.
 */
const n = Number(process.argv[2] ?? 10_000);
const { server, fleet, probe, headers, close } = await probedCloud(n);
const mb = (kb: number | undefined) => ((kb ?? 0) / 1024).toFixed(1);
try {
  await sleep(2_000);
  const rss0 = rssKb(server.pid);
  const sample = async (label: string) => {
    const rss = rssKb(server.pid);
    const s = await probe.heapSpaces();
    console.log(
      `${label.padEnd(22)} RSS ${mb(rss)} MB (${((rss - rss0) / n).toFixed(1)} KB/kiosk over before)  new_space committed ${mb(s['new_space.size'])} MB, physical ${mb(s['new_space.physical'])} MB, used ${mb(s['new_space.used'])} MB  old_space ${mb(s['old_space.size'])} MB`,
    );
  };
  await sample('before');
  const connectS = await fleet.connectAll(100);
  console.log(
    `connected in ${connectS.toFixed(1)} s; load ${(await import('node:os')).loadavg()[0]!.toFixed(2)}`,
  );
  fleet.startHeartbeats(30_000);
  let t = 0;
  for (const at of [5, 10, 30, 60]) {
    await sleep((at - t) * 1000);
    t = at;
    await sample(`storm + ${at} s`);
  }
  const acked = fleet.acksFrom(fleet.acked, n);
  const response = await fetch(`${server.base}/api/devices/config`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ scope: { kind: 'municipality' }, changes: { volume: 35 } }),
  });
  if (response.status !== 202) throw new Error(`bulk push: ${response.status}`);
  await acked;
  await sample('push acked');
  t = 0;
  for (const at of [10, 30, 60]) {
    await sleep((at - t) * 1000);
    t = at;
    await sample(`push + ${at} s`);
  }
} finally {
  await close();
}
