import { readFile } from 'node:fs/promises';
import { type Clock, type ClockTimer, Heartbeat, type MediaEngineName } from '@screenvisit/protocol';
import type { Logger } from './logger.js';
import type { MqttSession } from './mqtt-session.js';

export const THERMAL_ZONE = '/sys/class/thermal/thermal_zone0/temp';

/** SoC temperature in °C, or undefined where the kernel has no thermal zone (containers, most PCs). */
export async function readTemperature(path = THERMAL_ZONE): Promise<number | undefined> {
  try {
    // The kernel reports millidegrees Celsius.
    const milli = Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
    return Number.isFinite(milli) ? Math.round(milli / 100) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Which heartbeats are QoS 1: one per keepalive period, the rest QoS 0 (issue 14, docs/operations.md "Keepalive
 * and heartbeats"). A QoS 0 heartbeat is fire-and-forget and presence is expiry-based (the cloud's
 * DEVICE_OFFLINE_AFTER_SECONDS is at least three intervals, protocol/src/heartbeat.ts), while a PUBACK per beat
 * was most of the broker's heartbeat CPU at 10,000 kiosks. The one acknowledged beat per keepalive does two jobs:
 *  - its PUBACK times a real broker round trip, reported in the heartbeats that follow (the poor-connection alert);
 *  - it is the keepalive: MQTT.js 5 restarts its ping timer only on a RECEIVED packet (PUBACK, SUBACK, PINGRESP;
 *    node_modules/mqtt/build/lib/KeepaliveManager.js), never on a sent one, so with QoS 0 beats alone every kiosk
 *    sent a PINGREQ per keepalive anyway: a third of the broker's inbound packets at 10,000 kiosks. A PUBACK
 *    back within the keepalive means no PINGREQ is ever sent while the link works, and a dead link is still
 *    noticed the same way: no PUBACK, so the ping goes out at the keepalive and MQTT.js closes the connection half
 *    a keepalive later without a PINGRESP (its own 1.5 x, the broker's rule of [MQTT-3.1.2-24] applied to itself).
 *    The kiosk still sends a packet every interval, well within the keepalive [MQTT-3.1.2-23].
 * So the acknowledged beat falls every `ackedEvery` beats, spanning the keepalive less ACK_SLACK_MS: room for the
 * round trip and the beats' drift (each is scheduled an interval after the previous one finished). A PUBACK
 * later than that costs one PINGREQ, never the connection.
 */
const ACK_SLACK_MS = 10_000;

/** Every how many heartbeats one is QoS 1, for beats `intervalMs` apart on a connection with this keepalive. */
export function ackedEvery(intervalMs: number, keepaliveSeconds: number): number {
  const keepaliveMs = keepaliveSeconds * 1000;
  const slackMs = Math.min(ACK_SLACK_MS, keepaliveMs / 4);
  return Math.max(1, Math.floor((keepaliveMs - slackMs) / intervalMs));
}

/**
 * Every interval, one Heartbeat on `hb` (QoS: see ackedEvery). Skipped while offline: a stale heartbeat queued
 * for later would tell the cloud nothing true.
 */
export function startHeartbeat(options: {
  clock: Clock;
  intervalMs: number;
  session: MqttSession;
  software: string;
  engine: () => MediaEngineName;
  temperature?: () => Promise<number | undefined>;
  log: Logger;
}): { stop(): void; beat(): Promise<void> } {
  const { clock, session } = options;
  const log = options.log.child({ module: 'heartbeat' });
  const startedAt = clock.now();
  const temperature = options.temperature ?? (() => readTemperature());
  let lastRttMs: number | undefined;
  let beats = 0;
  let timer: ClockTimer | null = null;
  let stopped = false;
  // The first beat is acknowledged, so the round trip is known from the second on.
  const every = ackedEvery(options.intervalMs, session.keepaliveSeconds);

  async function beat(): Promise<void> {
    if (!session.connected) return;
    const candidate = {
      v: 1 as const,
      uptimeS: Math.max(0, Math.floor((clock.now() - startedAt) / 1000)),
      software: options.software,
      engine: options.engine(),
      rttMs: lastRttMs,
      temperatureC: await temperature(),
      at: new Date(clock.now()).toISOString(),
    };
    // A sensor reading out of the schema's range is dropped rather than sending an invalid heartbeat.
    const parsed = Heartbeat.safeParse(candidate);
    const heartbeat = parsed.success
      ? parsed.data
      : Heartbeat.parse({ ...candidate, temperatureC: undefined });
    const timed = beats++ % every === 0;
    try {
      const rttMs = await session.publish('hb', JSON.stringify(heartbeat), { qos: timed ? 1 : 0 });
      if (timed) lastRttMs = rttMs;
    } catch (error) {
      log.debug({ err: error }, 'heartbeat not acknowledged');
    }
  }

  function schedule() {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      void beat().finally(schedule);
    }, options.intervalMs);
  }
  schedule();

  return {
    beat,
    stop() {
      stopped = true;
      if (timer) clock.clearTimeout(timer);
    },
  };
}
