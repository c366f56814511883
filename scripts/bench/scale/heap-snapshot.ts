import { join } from 'node:path';
import { probedCloud } from './probed-cloud.js';
import { sleep } from './servers.js';

/**
 * `npx tsx scripts/bench/scale/heap-snapshot.ts <n> <dir>`: the cloud process with N idle kiosks connected, one
 * heap snapshot written to <dir>, for a look at what each kiosk costs. Taken over the inspector and streamed to
 * the file before the process is stopped (a signal-triggered snapshot of a large heap under load could be cut
 * off by the stop). scale/mem-probe.ts writes a pair (0 and N kiosks) for a diff.
 */
const n = Number(process.argv[2] ?? 1000);
const dir = process.argv[3] ?? '/tmp';
const { fleet, probe, close } = await probedCloud(n);
try {
  await fleet.connectAll(100);
  await sleep(5_000);
  const file = join(dir, `cloud-${n}-${Date.now()}.heapsnapshot`);
  await probe.snapshot(file);
  console.log(`snapshot in ${file}`);
} finally {
  await close();
}
