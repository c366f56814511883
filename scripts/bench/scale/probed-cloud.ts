import { fileURLToPath } from 'node:url';
import { Fleet } from './fleet.js';
import { inspector } from './inspect.js';
import { benchDatabase, seedFleet } from './seed.js';
import { freePort, startCloudProcess } from './servers.js';

/**
 * The cloud process of this checkout with its inspector open (node --inspect on a free loopback port), N seeded
 * kiosks not yet connected, and one close() for all of it: for the memory probes (mem-probe.ts, heap-snapshot.ts).
 */
export async function probedCloud(n: number) {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const inspectPort = await freePort();
  const database = await benchDatabase();
  const server = await startCloudProcess(root, {
    DATABASE_URL: database.url,
    NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}`,
  });
  const { db, devices, headers } = await seedFleet(database.url, n);
  await db.close();
  const fleet = new Fleet(server.url, devices);
  const probe = await inspector(inspectPort);
  return {
    server,
    fleet,
    headers,
    probe,
    async close() {
      probe.close();
      await fleet.close();
      await server.stop();
      await database.drop();
    },
  };
}
