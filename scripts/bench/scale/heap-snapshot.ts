import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Fleet } from './fleet.js';
import { benchDatabase, seedFleet } from './seed.js';
import { sleep, startCloudProcess } from './servers.js';

/**
 * `npx tsx scripts/bench/scale/heap-snapshot.ts <n> <dir>`: the cloud process with N idle kiosks connected, one
 * heap snapshot written to <dir> (node --heapsnapshot-signal), for a look at what each kiosk costs.
 */
const n = Number(process.argv[2] ?? 1000);
const dir = process.argv[3] ?? '/tmp';
const root = fileURLToPath(new URL('../../..', import.meta.url));
process.env.BENCH_SCALE_CLOUD_NODE_ARGS = `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`;
const database = await benchDatabase();
const server = await startCloudProcess(root, { DATABASE_URL: database.url });
const { db, devices } = await seedFleet(database.url, n);
await db.close();
const fleet = new Fleet(server.url, devices);
try {
  await fleet.connectAll(100);
  await sleep(5_000);
  const before = readdirSync(dir).length;
  process.kill(server.pid, 'SIGUSR2');
  while (readdirSync(dir).length === before) await sleep(500);
  await sleep(15_000);
  console.log(`snapshot in ${dir}`);
} finally {
  await fleet.close();
  await server.stop();
  await database.drop();
}
