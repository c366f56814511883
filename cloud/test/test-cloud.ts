import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Clock, systemClock } from '@screenvisit/protocol';
import { type CloudConfig, loadCloudConfig } from '../src/kernel/config.js';
import { isStartupError } from '../src/kernel/errors.js';
import { createLogger } from '../src/kernel/logger.js';
import { type RunningCloud, startCloud } from '../src/node/start-cloud.js';
import { createTestDatabase, testDatabaseKind } from './postgres-database.js';

export interface TestCloud {
  readonly cloud: RunningCloud;
  readonly config: CloudConfig;
  readonly base: string;
  /** The clock the cloud runs on (the one passed in, else the system clock): a test's "now" and "today" come from it. */
  readonly clock: Clock;
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
  } = {},
): Promise<TestCloud> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'sv-cloud-'));
  const server =
    env.DATABASE_URL === undefined && env.DATA_DIR === undefined && (await testDatabaseKind()) === 'postgres'
      ? await createTestDatabase({ migrated: true })
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
  }).catch(async (error: unknown) => {
    // startCloud closed what it had opened; the database and the data folder are ours to remove.
    await server?.drop();
    if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    cloud,
    config,
    base: `http://127.0.0.1:${cloud.ports.http}`,
    clock: options.clock ?? systemClock,
    logs,
    async close() {
      await cloud.close();
      await server?.drop();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * startTestCloud on an HTTP port known before it starts, for what must name it in its configuration (a browser
 * origin, the WebAuthn origin). The port is one the kernel gave a probe and the probe closed; the cloud's MQTT
 * listeners then bind port 0 just before its HTTP port, and Linux picks their ports among the same few thousand
 * (bind(0) takes an odd port in the lower half of the ephemeral range), so about one start in 3,700 found its
 * HTTP port taken by its own broker and failed ("HTTP port … is already in use"). Such a start tries another port.
 */
export async function startTestCloudOnKnownPort(
  env: (port: number) => Record<string, string>,
  options: Parameters<typeof startTestCloud>[1] = {},
): Promise<TestCloud> {
  for (let attempt = 1; ; attempt++) {
    const port = await ephemeralPort();
    try {
      return await startTestCloud({ ...env(port), PORT: String(port) }, options);
    } catch (error) {
      const taken =
        isStartupError(error) && (error.cause as { code?: string } | undefined)?.code === 'EADDRINUSE';
      if (!taken || attempt === 5) throw error;
    }
  }
}

/** A port free right now on 127.0.0.1 (the kernel's pick for port 0), released again. */
async function ephemeralPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
