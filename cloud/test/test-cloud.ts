import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Clock } from '@screenvisit/protocol';
import { type CloudConfig, loadCloudConfig } from '../src/kernel/config.js';
import { createLogger } from '../src/kernel/logger.js';
import { type RunningCloud, startCloud } from '../src/node/start-cloud.js';
import type { ClusterOptions } from '../src/realtime/cluster/index.js';
import { createTestDatabase, testDatabaseKind } from './postgres-database.js';

export interface TestCloud {
  readonly cloud: RunningCloud;
  readonly config: CloudConfig;
  readonly base: string;
  /** Every log line the cloud wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * A real cloud node on ephemeral ports with a database of its own: a fresh database on the real PostgreSQL
 * server (required under CI=true), or embedded PGlite with SV_TEST_DB=pglite or when a test passes DATA_DIR
 * to restart on the same data.
 */
export async function startTestCloud(
  env: Record<string, string> = {},
  /** webRoot: built browser clients to serve (the e2e suites); default none, the API only. */
  options: {
    clock?: Clock;
    webRoot?: string;
    dangerouslyAllowHttpIdpForTests?: boolean;
    /** One node of several (issue 14): shares calls and connections through this Redis. */
    redis?: ClusterOptions;
  } = {},
): Promise<TestCloud> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'sv-cloud-'));
  const server =
    env.DATABASE_URL === undefined && env.DATA_DIR === undefined && (await testDatabaseKind()) === 'postgres'
      ? await createTestDatabase()
      : null;
  const config = loadCloudConfig({
    ...(server ? { DATABASE_URL: server.url } : {}),
    PORT: '0',
    MQTT_PORT: '0',
    MQTT_WS_PORT: '0',
    LOG_LEVEL: 'debug',
    // The access-review job would sweep memberships away in suites that move a fake clock by months.
    ACCESS_REVIEW_SWEEP_MINUTES: '0',
    // Likewise the uptime sampler would write a row per lent kiosk for every 15 minutes a fake clock skips.
    DEVICE_UPTIME_SAMPLE_MINUTES: '0',
    ...env,
    DATA_DIR: dataDir,
  });
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n'))
        if (line) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const cloud = await startCloud(config, createLogger({ level: config.LOG_LEVEL, destination }), {
    webRoot: options.webRoot ?? null,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.dangerouslyAllowHttpIdpForTests ? { dangerouslyAllowHttpIdpForTests: true } : {}),
    ...(options.redis ? { redis: options.redis } : {}),
  });
  return {
    cloud,
    config,
    base: `http://127.0.0.1:${cloud.ports.http}`,
    logs,
    async close() {
      await cloud.close();
      await server?.drop();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
