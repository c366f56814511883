import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Clock } from '@screenvisit/protocol';
import { type CloudConfig, loadCloudConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { type RunningCloud, startCloud } from '../src/server.js';

export interface TestCloud {
  readonly cloud: RunningCloud;
  readonly config: CloudConfig;
  readonly base: string;
  /** Every log line the cloud wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  close(): Promise<void>;
}

/** A real cloud node on ephemeral ports with its own embedded database, for integration tests. */
export async function startTestCloud(
  env: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<TestCloud> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'sv-cloud-'));
  const config = loadCloudConfig({
    PORT: '0',
    MQTT_PORT: '0',
    MQTT_WS_PORT: '0',
    LOG_LEVEL: 'debug',
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
    webRoot: null,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return {
    cloud,
    config,
    base: `http://127.0.0.1:${cloud.ports.http}`,
    logs,
    async close() {
      await cloud.close();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
