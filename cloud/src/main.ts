import { isConfigError } from '@screenvisit/protocol/env';
import { nodeIdOf } from './cluster/index.js';
import { loadCloudConfig } from './kernel/config.js';
import { isStartupError } from './kernel/errors.js';
import { createLogger } from './kernel/logger.js';
import { startCloud } from './node/start-cloud.js';

/**
 * The cloud process. Configuration and start-up problems print one paragraph and exit 2, never a stack trace;
 * SIGTERM/SIGINT stop accepting, drain, close the database and exit within SHUTDOWN_TIMEOUT_MS (< 10 s).
 */
async function main(): Promise<void> {
  const config = loadCloudConfig();
  // Every line names the node that wrote it (issue 14: two nodes write to one log store).
  const node = nodeIdOf(config);
  const log = createLogger({ level: config.LOG_LEVEL }).child({ node });
  // With REDIS_URL, calls, sockets, night-watch queues and kiosk holders are shared (node/shared-state.ts). The
  // node's id in Redis is new on every start (a restarted node's old connections are gone, even with a fixed
  // NODE_ID): NODE_ID with a suffix, logged here.
  const cloud = await startCloud(config, log);
  log.info(
    { nodeId: cloud.nodeId, http: cloud.ports.http, mqtt: cloud.ports.mqtt, mqttWs: cloud.ports.mqttWs },
    'screenvisit cloud ready',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown took too long; forcing exit');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    cloud.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (isConfigError(error) || isStartupError(error)) {
    console.error(`\n${error.message}\n`);
    process.exit(2);
  }
  console.error(
    'screenvisit-cloud: unexpected failure at start-up:',
    error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
