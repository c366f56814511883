import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulatedBoard, type SimulatedBoard } from '@screenvisit/hardware';
import { pino } from 'pino';
import { type Agent, startAgent } from '../agent.js';
import type { ReconnectPolicy } from '../backoff.js';
import { type DeviceEnv, parseDeviceEnv } from '../env.js';
import type { MediaEngine } from '../media-engine.js';
import type { KioskDisplay } from '../screen/gtk-screen.js';

export interface TestKiosk {
  agent: Agent;
  board: SimulatedBoard;
  dataDir: string;
  env: DeviceEnv;
  /** Every log line the agent wrote, as raw JSON text. */
  logs: string[];
  stop(): Promise<void>;
}

/** A kiosk agent on a simulated board with its own temp data folder and a log captured in memory. */
export async function startTestKiosk(options: {
  cloudUrl: string;
  mqttUrl: string;
  code?: string;
  dataDir?: string;
  env?: Record<string, string>;
  random?: () => number;
  reconnectPolicy?: ReconnectPolicy;
  media?: MediaEngine;
  display?: KioskDisplay;
}): Promise<TestKiosk> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'sv-kiosk-')));
  const env = parseDeviceEnv(
    {
      CLOUD_URL: options.cloudUrl,
      MQTT_URL: options.mqttUrl,
      DATA_DIR: dataDir,
      HARDWARE: 'sim',
      HARDWARE_ID: 'test-box',
      ENROLMENT_CODE: options.code,
      SCREEN_SLEEP_SECONDS: '1',
      ...options.env,
    },
    () => 'unused',
  );
  const logs: string[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => logs.push(line) });
  const board = createSimulatedBoard({ logger: pino({ level: 'silent' }) });
  const agent = await startAgent({
    env,
    board,
    log,
    random: options.random ?? (() => 0),
    reconnectPolicy: options.reconnectPolicy,
    ...(options.media ? { media: options.media } : {}),
    ...(options.display ? { display: options.display } : {}),
  });
  return {
    agent,
    board,
    dataDir,
    env,
    logs,
    async stop() {
      await agent.stop();
      await board.close();
    },
  };
}

/** Every file under `dir`, recursively, with its content (for "no display name on disk" checks). */
export async function readTree(dir: string): Promise<{ path: string; content: string }[]> {
  const out: { path: string; content: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.push({ path, content: await readFile(path, 'utf8') });
  }
  return out;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
