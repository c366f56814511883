import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Fleet } from './fleet.js';
import { inspector } from './inspect.js';
import { benchDatabase, seedFleet } from './seed.js';
import { freePort, sleep, startCloudProcess } from './servers.js';

/**
 * `npx tsx scripts/bench/scale/heap-snapshot.ts <n> <dir>`: the cloud process with N idle kiosks connected, one
 * heap snapshot written to <dir>, for a look at what each kiosk costs. Taken over the inspector and streamed to
 * the file before the process is stopped (a signal-triggered snapshot of a large heap under load could be cut
 * off by the stop). scale/mem-probe.ts diffs two snapshots' worth of figures.
 */
const n = Number(process.argv[2] ?? 1000);
const dir = process.argv[3] ?? '/tmp';
const root = fileURLToPath(new URL('../../..', import.meta.url));
const inspectPort = await freePort();
const database = await benchDatabase();
const server = await startCloudProcess(root, {
  DATABASE_URL: database.url,
  NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}`,
});
const { db, devices } = await seedFleet(database.url, n);
await db.close();
const fleet = new Fleet(server.url, devices);
const probe = await inspector(inspectPort);
try {
  await fleet.connectAll(100);
  await sleep(5_000);
  const file = join(dir, `cloud-${n}-${Date.now()}.heapsnapshot`);
  await probe.snapshot(file);
  console.log(`snapshot in ${file}`);
} finally {
  probe.close();
  await fleet.close();
  await server.stop();
  await database.drop();
}
