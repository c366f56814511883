import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type Clock, systemClock } from '@screenvisit/protocol';
import type { TestCloud } from '../../../../test/test-cloud.js';
import { loadCloudConfig } from '../../../config.js';
import { createLogger } from '../../../logger.js';
import { startCloud } from '../../../server.js';

/** Real time that a test can jump forward (openid-client checks token times against the real clock). */
export interface SkewClock extends Clock {
  advance(ms: number): void;
}

function skewClock(): SkewClock {
  let offset = 0;
  return {
    ...systemClock,
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}

/**
 * Like startTestCloud(), plus the TEST-ONLY switch that lets SSO talk to an http:// IdP (a local oidc-provider)
 * and a clock the test can move.
 */
export async function startSsoTestCloud(): Promise<TestCloud & { clock: SkewClock }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sv-sso-'));
  const config = loadCloudConfig({
    PORT: '0',
    MQTT_PORT: '0',
    MQTT_WS_PORT: '0',
    LOG_LEVEL: 'debug',
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
  const clock = skewClock();
  const cloud = await startCloud(config, createLogger({ level: config.LOG_LEVEL, destination }), {
    webRoot: null,
    clock,
    dangerouslyAllowHttpIdpForTests: true,
  });
  return {
    cloud,
    config,
    clock,
    base: `http://127.0.0.1:${cloud.ports.http}`,
    logs,
    async close() {
      await cloud.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
