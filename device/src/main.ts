#!/usr/bin/env node
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
import { openKioskScreen, problemModel, showProblem } from './main-screen.js';
import { checkCamera } from './media/camera-check.js';
import { KIOSK_DEVICES } from './media/gstreamer/pipeline.js';
import { probeMediaEngine } from './media/probe.js';
import { createSystemdNotifier } from './systemd-notify.js';

const notify = createSystemdNotifier();

/**
 * The kiosk process. Bad input never becomes a crash loop (issue 11 "Done when"): an invalid configuration or
 * unopenable hardware is logged once, shown in Danish on the screen when there is one, and the process WAITS
 * (reporting READY to systemd) until an operator fixes it and restarts the unit. Exit codes: 0 after a clean
 * stop, 1 for an unexpected failure (systemd restarts it, within StartLimitBurst), 2 for invalid configuration
 * when nothing can be shown (RestartPreventExitStatus=2 in the unit).
 */
async function main(): Promise<number> {
  let env: DeviceEnv;
  try {
    env = parseDeviceEnv(process.env);
  } catch (e) {
    if (!isConfigError(e)) throw e;
    console.error(describeConfigError(e));
    return (await showProblem(process.env, 'config_invalid', 'FORKERT-OPSAT')) ? waitForStop() : 2;
  }
  const log = createLogger({ level: env.LOG_LEVEL });
  const display = env.SCREEN === 'gtk' ? await openKioskScreen(log) : null;

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
    log.error(
      { reason: e.reason, err: e },
      `cannot open the kiosk hardware (${e.reason}): waiting for support`,
    );
    if (!display) return e.reason === 'invalid_config' ? 2 : 1;
    display.render(problemModel('config_invalid', 'FORKERT-OPSAT'));
    return waitForStop();
  }

  // Real hardware gets the camera, microphone and the kiosk screen; the simulator gets synthetic media.
  const camera = env.HARDWARE === 'real' ? checkCamera(KIOSK_DEVICES) : null;
  if (camera?.missing)
    log.error(
      { device: camera.missing },
      `no camera at ${camera.missing}: calls carry sound both ways and the caller's video only; the screen says so`,
    );
  const media =
    env.MEDIA_ENGINE === 'none'
      ? null
      : await probeMediaEngine({
          log,
          ...(camera ? { devices: camera.devices } : {}),
          ...(display ? { view: display.video } : {}),
          ...(env.MEDIA_ENGINE !== 'auto'
            ? { exclude: (['gstreamer', 'wrtc'] as const).filter((x) => x !== env.MEDIA_ENGINE) }
            : {}),
        });
  const agent = await startAgent({
    env,
    board,
    log,
    ...(media ? { media } : {}),
    ...(display ? { display } : {}),
    ...(camera?.missing ? { notice: 'camera_missing' as const } : {}),
  });
  const devControl =
    env.DEV_CONTROL_PORT !== undefined && simulated
      ? await startDevControl({
          port: env.DEV_CONTROL_PORT,
          agent,
          board: simulated,
          log,
          ...(media ? { media } : {}),
        })
      : null;
  notify.ready(`state ${agent.state}`);
  agent.on('state', (to) => notify.status(`state ${to}`));

  const signal = await nextSignal();
  log.info({ signal }, 'stopping');
  notify.stopping();
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
  display?.close();
  return 0;
}

const nextSignal = () =>
  new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });

/** Shown and waiting: READY so systemd does not restart-loop; SIGTERM ends it cleanly. */
async function waitForStop(): Promise<number> {
  notify.ready('waiting for support: see the log');
  await nextSignal();
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
