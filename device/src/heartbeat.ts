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
 * Every RTT_EVERY-th heartbeat (the first, the 11th, …) is QoS 1, so its PUBACK times a real broker round trip,
 * reported in the heartbeats that follow; the rest are QoS 0 (issue 14): a heartbeat carries no command and
 * presence is expiry-based (the cloud's DEVICE_OFFLINE_AFTER_SECONDS is at least three intervals,
 * protocol/src/heartbeat.ts, so one lost beat never marks a kiosk offline), while a PUBACK per beat was most of the broker's heartbeat CPU at
 * 10,000 kiosks. The round trip is thus at most RTT_EVERY intervals old (5 min at 30 s), enough for the
 * poor-connection alert. State reports and acks stay QoS 1.
 */
export const RTT_EVERY = 10;

/**
 * Every interval, one Heartbeat on `hb` (QoS: see RTT_EVERY). Skipped while offline: a stale heartbeat queued
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
    const timed = beats++ % RTT_EVERY === 0;
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
