#!/usr/bin/env tsx
import {
  type Board,
  createRealBoard,
  createSimulatedBoard,
  isHardwareError,
  type SimulatedBoard,
} from '@screenvisit/hardware';
import { isConfigError } from '@screenvisit/protocol/env';
import { startAgent } from './agent.js';
import { startDevControl } from './dev-control.js';
import { type DeviceEnv, describeConfigError, parseDeviceEnv, realBoardConfigFromEnv } from './env.js';
import { createLogger } from './logger.js';
import { KIOSK_DEVICES } from './media/gstreamer/pipeline.js';
import { probeMediaEngine } from './media/probe.js';

/**
 * The kiosk process. Exit codes: 0 after a clean stop (SIGTERM/SIGINT), 1 when the hardware cannot be
 * opened or something unexpected fails, 2 for invalid configuration (systemd then does not restart-loop on it:
 * RestartPreventExitStatus=2 in the unit file).
 */
async function main(): Promise<number> {
  let env: DeviceEnv;
  try {
    env = parseDeviceEnv(process.env);
  } catch (e) {
    if (!isConfigError(e)) throw e;
    console.error(describeConfigError(e));
    return 2;
  }
  const log = createLogger({ level: env.LOG_LEVEL });

  let board: Board;
  let simulated: SimulatedBoard | null = null;
  try {
    if (env.HARDWARE === 'sim')
      board = simulated = createSimulatedBoard({ logger: log.child({ module: 'hardware' }) });
    else
      board = await createRealBoard(realBoardConfigFromEnv(process.env), {
        logger: log.child({ module: 'hardware' }),
      });
  } catch (e) {
    if (!isHardwareError(e)) throw e;
    console.error(`screenvisit-kiosk: cannot open the kiosk hardware (${e.reason}): ${e.message}`);
    return e.reason === 'invalid_config' ? 2 : 1;
  }

  // Real hardware gets the camera, microphone and KMS display; the simulator gets synthetic media and fake sinks.
  const media = await probeMediaEngine({
    log,
    ...(env.HARDWARE === 'real' ? { devices: KIOSK_DEVICES } : {}),
  });
  const agent = await startAgent({ env, board, log, media });
  const devControl =
    env.DEV_CONTROL_PORT !== undefined && simulated
      ? await startDevControl({ port: env.DEV_CONTROL_PORT, agent, board: simulated, log })
      : null;

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log.info({ signal }, 'stopping');
  // A second signal while stopping means "now": do not make the operator wait for a hung broker.
  const force = (s: NodeJS.Signals) => {
    log.warn({ signal: s }, 'second signal: exiting without a clean stop');
    process.exit(1);
  };
  process.once('SIGTERM', force);
  process.once('SIGINT', force);

  await devControl?.close();
  await agent.stop(); // publishes the retained offline state, then DISCONNECT
  await board.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(
      'screenvisit-kiosk: stopped by an unexpected error:',
      err instanceof Error ? err.message : err,
    );
    process.exit(1);
  },
);
