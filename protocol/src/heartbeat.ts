/**
 * How often a kiosk beats and when the cloud gives up on it: one contract for both sides (docs/protocol.md
 * "Heartbeat"). The kiosk sends a heartbeat every HEARTBEAT_SECONDS (device/src/env.ts); the cloud shows a
 * kiosk offline when it has heard nothing for DEVICE_OFFLINE_AFTER_SECONDS (cloud/src/kernel/config.ts).
 * One lost QoS 0 heartbeat must never mark a kiosk offline, so the cloud waits for several missed beats.
 */

/** The kiosk's interval bounds (seconds). Above the maximum, the cloud's default expiry would flap a live kiosk. */
export const HEARTBEAT_MIN_SECONDS = 5;
export const HEARTBEAT_MAX_SECONDS = 30;
export const HEARTBEAT_DEFAULT_SECONDS = 30;

/** The cloud shows a kiosk offline only after at least this many heartbeats in a row went missing. */
export const MISSED_HEARTBEATS_BEFORE_OFFLINE = 3;

/** The shortest expiry that still lets `heartbeatSeconds`-apart beats go missing MISSED_HEARTBEATS_BEFORE_OFFLINE times. */
export function minOfflineAfterSeconds(heartbeatSeconds: number): number {
  return heartbeatSeconds * MISSED_HEARTBEATS_BEFORE_OFFLINE;
}

/** Why an expiry is too short for kiosks beating every `heartbeatSeconds`, or null when it is long enough. */
export function offlineAfterProblem(offlineAfterSeconds: number, heartbeatSeconds: number): string | null {
  const least = minOfflineAfterSeconds(heartbeatSeconds);
  if (offlineAfterSeconds >= least) return null;
  return `${offlineAfterSeconds} s would show a kiosk beating every ${heartbeatSeconds} s offline after fewer than ${MISSED_HEARTBEATS_BEFORE_OFFLINE} missed heartbeats: use at least ${least} s`;
}
