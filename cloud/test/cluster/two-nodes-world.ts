import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cookieName, csrfTokenFor } from '../../src/auth/session-cookie.js';
import { municipalitiesTable, staffTable } from '../../src/db/index.js';
import { LOOPBACK_NETWORKS } from '../fixtures.js';
import { type Console, staffSessionToken } from './consoles.js';
import type { SimKiosk } from './fleet.js';
import { haproxyCounters, listenOverflows, startTimeline, watchReadiness } from './timeline.js';
import { startTwoNodes, type TwoNodes } from './two-nodes.js';

/**
 * What the two-node suites (two-nodes-*.int.test.ts) start from: two real nodes behind HAProxy (two-nodes.ts),
 * one municipality on them, and a support worker's session to call node A's API with.
 */
export interface TwoNodesWorld {
  readonly nodes: TwoNodes;
  readonly municipalityId: string;
  /** The support worker's cookie and CSRF token. */
  readonly headers: Record<string, string>;
  /** The API of node A itself (not through HAProxy), as the support worker. */
  onA(method: string, path: string, body?: unknown): Promise<Response>;
  /** Which node holds a kiosk's MQTT session now (the `device-holder` hash in Redis). */
  holderOf(deviceId: string): Promise<string | null>;
}

/** The simulated kiosks beat every 2-3 s: 10 s offline is three missed beats (protocol/src/heartbeat.ts). */
export const OFFLINE_AFTER_S = 10;

export async function startTwoNodesWorld(): Promise<TwoNodesWorld> {
  const nodes = await startTwoNodes({
    DEVICE_OFFLINE_AFTER_SECONDS: String(OFFLINE_AFTER_S),
    DEVICE_HEARTBEAT_SECONDS: '3',
    DEVICE_WIPE_ACK_SECONDS: '20',
  });
  const [municipality] = await nodes.db.db
    .insert(municipalitiesTable)
    .values({ name: 'Kommune to noder', settings: { staffNetworks: LOOPBACK_NETWORKS } })
    .returning();
  const municipalityId = municipality!.id;
  const [support] = await nodes.db.db
    .insert(staffTable)
    .values({ municipalityId, username: 'support-cluster', displayName: 'S', role: 'support' })
    .returning();
  const token = await staffSessionToken(nodes.db, municipalityId, support!.id);
  const headers = {
    cookie: `${cookieName(true)}=${token}`,
    'x-csrf-token': csrfTokenFor(token),
    'content-type': 'application/json',
  };
  return {
    nodes,
    municipalityId,
    headers,
    onA: (method, path, body) =>
      fetch(`${nodes.a.base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    holderOf: (deviceId) => nodes.redis.hget('device-holder', deviceId),
  };
}

/** Reads `read` every 100 ms until `done`; on time-out the error names `what` and shows the last value. */
export async function pollUntil<T>(
  what: string,
  read: () => Promise<T>,
  done: (v: T) => boolean,
  ms: number,
  show: (v: T) => unknown = (v) => v,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${ms} ms waiting for ${what}: ${JSON.stringify(show(value)).slice(0, 400)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux, USER_HZ 100): on a shared
 * machine the wall-clock time of the herd stretches with everyone's load, its CPU cost does not. null elsewhere.
 */
export function cpuSeconds(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * Everything the failover test watches from the kill of node B: the kiosks' and consoles' timeline, node A's
 * /readyz, its CPU, this process's CPU and event loop (it runs the fleet), the accept queues and HAProxy's
 * counters. `report()` renders it (printed on success, appended to the error on failure); `stop()` ends it.
 */
export function watchFailover(
  nodes: TwoNodes,
  input: { killedAt: number; kiosks: readonly SimKiosk[]; consoles: readonly Console[] },
) {
  const cpuBefore = cpuSeconds(nodes.a.child.pid);
  const fleetCpuBefore = process.cpuUsage();
  // The test process runs the 1,000 kiosks and the consoles: a stalled loop here delays what the test sees.
  const fleetLoop = monitorEventLoopDelay({ resolution: 20 });
  fleetLoop.enable();
  const overflowsBefore = listenOverflows();
  const timeline = startTimeline(input);
  const readiness = watchReadiness(`${nodes.a.base}/readyz`, input.killedAt);
  let readinessSeen: string | null = null;
  return {
    timeline,
    /** Node A's CPU and this process's since the kill, in one line. */
    cpuSpent() {
      const cpuAfter = cpuSeconds(nodes.a.child.pid);
      const fleetCpu = process.cpuUsage(fleetCpuBefore);
      return (
        `node A ${cpuBefore === null || cpuAfter === null ? '?' : (cpuAfter - cpuBefore).toFixed(1)} s, ` +
        `the test process (kiosks and consoles) ${((fleetCpu.user + fleetCpu.system) / 1e6).toFixed(1)} s`
      );
    },
    async report() {
      const cpuNow = cpuSeconds(nodes.a.child.pid);
      const fleetNow = process.cpuUsage(fleetCpuBefore);
      readinessSeen ??= await readiness.stop();
      const overflowsNow = listenOverflows();
      return timeline.render([
        readinessSeen,
        `accept queues overflowed (SYNs dropped, machine-wide) since the kill: ${overflowsBefore === null || overflowsNow === null ? '?' : overflowsNow - overflowsBefore}`,
        `HAProxy: ${haproxyCounters(await nodes.proxy.command('show stat').catch(() => ''))}`,
        `CPU since the kill: node A ${cpuBefore === null || cpuNow === null ? '?' : (cpuNow - cpuBefore).toFixed(1)} s, the test process (kiosks and consoles) ${((fleetNow.user + fleetNow.system) / 1e6).toFixed(1)} s; its event loop stalled up to ${(fleetLoop.max / 1e6).toFixed(0)} ms (p99 ${(fleetLoop.percentile(99) / 1e6).toFixed(0)} ms)`,
      ]);
    },
    async stop() {
      fleetLoop.disable();
      await readiness.stop();
    },
  };
}
