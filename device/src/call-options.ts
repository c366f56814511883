import type { ClientMessage, Clock } from '@screenvisit/protocol';
import type { CachedSettings } from './data-store.js';
import type { KioskScreen } from './kiosk-screen.js';
import type { Logger } from './logger.js';
import type { MediaEngine } from './media-engine.js';
import type { StateMachine } from './state-machine.js';

/**
 * The kiosk's own call as sound, for a resident who cannot read the glass (at night, with poor sight): the
 * ringback while the call rings out, and a short "not reached" tone when it reached nobody. The agent plays
 * them on the speaker at the ring's volume (quiet hours included); `null` silences the ringback.
 */
export type CallTone = 'ringback' | 'not-reached';

/** What the kiosk's call controller (call-controller.ts) is built from. */
export interface CallControllerOptions {
  clock: Clock;
  log: Logger;
  machine: StateMachine;
  screen: KioskScreen;
  media: MediaEngine;
  /** Publish a ClientMessage on sig/up. */
  send(message: ClientMessage): void;
  /** Play one of the kiosk's own call tones (CallTone); null silences the ringback. */
  tone(tone: CallTone | null): void;
  settings(): CachedSettings;
  /** Screen-on time after a call or a wake-up press. */
  sleepAfterMs: number;
  /** An accepted call whose media is not up by then is hung up. */
  connectTimeoutMs: number;
  /** A night-watch call nobody accepted by then is hung up (the cloud normally ends it first). */
  placeTimeoutMs?: number;
  /**
   * A night-watch `call.place` the cloud has neither rung (`call.ringing`) nor refused by then is given up: the
   * cloud answers within milliseconds, so silence means the link is dead even though MQTT has not noticed yet.
   */
  placeAnswerTimeoutMs?: number;
  /** Whether the MQTT session is up now: the night-watch button tells the resident at once when it is not. */
  online(): boolean;
  newRequestId?: () => string;
  /** IANA zone for quiet hours; the system's zone when absent (a kiosk is set to Europe/Copenhagen). */
  timeZone?: string;
}

/** How long the screen stays on with the night watch's fallback number after nobody could take the call. */
export const FALLBACK_SHOWN_MS = 3 * 60_000;
/** How long the kiosk waits for the cloud to ring (or refuse) a night-watch call before it says it got nobody. */
export const PLACE_ANSWER_TIMEOUT_MS = 15_000;
/**
 * Who the resident talks with in the kiosk's own call (it only ever calls the night watch): the glass names the
 * other side during every call, and this one showed no name at all (walk from npm start). call.accepted names
 * no member, and the resident pressed the night-watch button, so the team's word is the right one.
 */
export const NIGHT_WATCH_NAME = 'Nattevagten';
/** The pool the night-watch button calls; `poolId` arrives in DeviceConfig.nightWatch with config push. */
export function nightWatchPool(settings: CachedSettings): string | null {
  return settings.nightWatch.enabled ? (settings.nightWatch.poolId ?? null) : null;
}
