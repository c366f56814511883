import type { Board } from '@screenvisit/hardware';
import type { Clock, DeviceStateName } from '@screenvisit/protocol';
import type { ReconnectPolicy } from './backoff.js';
import type { DeviceEnv } from './env.js';
import type { PostJson } from './http-post.js';
import type { KioskMessageCode, KioskScreenModel } from './kiosk-screen.js';
import type { Logger } from './logger.js';
import type { MediaEngine } from './media-engine.js';
import type { KioskDisplay } from './screen/gtk-screen.js';

export interface AgentEvents {
  state: [to: DeviceStateName, from: DeviceStateName];
  screen: [model: KioskScreenModel];
  connection: [online: boolean];
}

export interface Agent {
  readonly state: DeviceStateName;
  readonly deviceId: string | null;
  readonly online: boolean;
  readonly screen: KioskScreenModel;
  /** A touch on the kiosk screen: does what the big button does (wake, answer, hang up). */
  touch(): void;
  on<K extends keyof AgentEvents>(event: K, listener: (...args: AgentEvents[K]) => void): () => void;
  /** Publish the offline state, end the MQTT session cleanly, stop timers. The board stays open. */
  stop(): Promise<void>;
}

export interface StartAgentOptions {
  env: DeviceEnv;
  board: Board;
  log: Logger;
  clock?: Clock;
  /** The enrolment POST; node:http(s) by default (http-post.ts). */
  post?: PostJson;
  media?: MediaEngine;
  /** Uniform in [0, 1) for backoff jitter. */
  random?: () => number;
  /** Replaces the default full-jitter backoff (base 1 s, cap 60 s) for reconnects and enrolment retries. */
  reconnectPolicy?: ReconnectPolicy;
  software?: string;
  /** An accepted call whose media is not up by then is hung up. */
  connectTimeoutMs?: number;
  /** A standing problem found at start-up (e.g. 'camera_missing'), shown at rest until the box is fixed. */
  notice?: KioskMessageCode;
  /** IANA zone for quiet hours; the system's zone when absent. Tests pin it. */
  timeZone?: string;
  /** The kiosk's own screen (GTK); absent on a headless box and in most tests. */
  display?: KioskDisplay;
}
