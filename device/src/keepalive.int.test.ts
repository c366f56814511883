import { deviceTopic, systemClock } from '@screenvisit/protocol';
import { startTcpProxy } from '@screenvisit/protocol/testing/tcp-proxy';
import type { Client } from 'aedes';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fullJitterBackoff } from './backoff.js';
import { ackedEvery, startHeartbeat } from './heartbeat.js';
import { type MqttSession, startMqttSession } from './mqtt-session.js';
import { type CloudDouble, collect, startCloudDouble } from './testing/cloud-double.js';

/**
 * The agent's keepalive decision (docs/operations.md "Keepalive and heartbeats"), against a real aedes broker and
 * real MQTT.js timers: one acknowledged heartbeat per keepalive keeps MQTT.js from ever sending a PINGREQ while
 * the link works, and a link gone silent (no RST, no FIN) is still noticed and reconnected. Scaled down, the
 * agent's 70 s keepalive and 30 s beats become 2 s and 400 ms (every 3rd beat acknowledged: 1.2 s of 2 s).
 */
const KEEPALIVE_S = 2;
const INTERVAL_MS = 400;

let cloud: CloudDouble;
beforeAll(async () => {
  cloud = await startCloudDouble();
});
afterAll(async () => {
  await cloud.close();
});

interface Kiosk {
  deviceId: string;
  session: MqttSession;
  online: boolean;
  /** When the session last went offline (Date.now()). */
  offlineAt: number | null;
  stopHeartbeats(): void;
  stop(): Promise<void>;
}

async function kiosk(url: (mqttUrl: string) => string = (u) => u): Promise<Kiosk> {
  const res = await fetch(new URL('/api/devices/enrol', cloud.cloudUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: cloud.issueCode(), hardwareId: 'keepalive-test' }),
  });
  const { deviceId, mqttPassword } = (await res.json()) as { deviceId: string; mqttPassword: string };
  const log = pino({ level: 'silent' });
  const state: Kiosk = {
    deviceId,
    online: false,
    offlineAt: null,
    session: startMqttSession({
      url: url(cloud.mqttUrl),
      deviceId,
      password: mqttPassword,
      clock: systemClock,
      policy: fullJitterBackoff({ baseMs: 100, capMs: 200 }),
      log,
      keepaliveSeconds: KEEPALIVE_S,
      onOnline: () => {
        state.online = true;
      },
      onOffline: () => {
        state.online = false;
        state.offlineAt = Date.now();
      },
      onMessage: () => {},
      onRevoked: () => {},
    }),
    stopHeartbeats: () => heartbeat.stop(),
    async stop() {
      heartbeat.stop();
      await state.session.close({ timeoutMs: 500 });
    },
  };
  await vi.waitFor(() => expect(state.online).toBe(true));
  const heartbeat = startHeartbeat({
    clock: systemClock,
    intervalMs: INTERVAL_MS,
    session: state.session,
    software: 'screenvisit-kiosk/test',
    engine: () => 'none',
    temperature: async () => undefined,
    log,
  });
  return state;
}

/** PINGREQs the broker receives from `deviceId` from now on. */
function pingsFrom(deviceId: string): { count: number; off(): void } {
  const counter = {
    count: 0,
    off: () => cloud.broker.off('ping', onPing),
  };
  const onPing = (_packet: unknown, client: Client) => {
    if (client.id === deviceId) counter.count += 1;
  };
  cloud.broker.on('ping', onPing);
  return counter;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('keepalive and heartbeats (issue 14)', () => {
  it('sends no PINGREQ over five keepalive periods while heartbeats flow, and pings once they stop', async () => {
    expect(ackedEvery(INTERVAL_MS, KEEPALIVE_S)).toBe(3);
    const k = await kiosk();
    const beats = await collect(cloud.observer, deviceTopic(k.deviceId, 'hb'));
    const pings = pingsFrom(k.deviceId);
    try {
      await sleep(5 * KEEPALIVE_S * 1000);
      expect(beats.length).toBeGreaterThanOrEqual(15);
      expect(pings.count).toBe(0);
      // The control: the same client pings once nothing acknowledges it any more, so the count above can fail.
      k.stopHeartbeats();
      await vi.waitFor(() => expect(pings.count).toBeGreaterThanOrEqual(1), {
        timeout: 2 * KEEPALIVE_S * 1000,
        interval: 50,
      });
    } finally {
      pings.off();
      await k.stop();
    }
  }, 20_000);

  it('still notices a link gone silent (no RST) within a keepalive and a half of the last PUBACK, and reconnects', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(cloud.mqttUrl).port) });
    const k = await kiosk((u) => u.replace(/:\d+$/, `:${proxy.port}`));
    try {
      await sleep(2 * KEEPALIVE_S * 1000);
      expect(k.online).toBe(true);
      const silentAt = Date.now();
      proxy.blackhole();
      // MQTT.js pings KEEPALIVE_S after the last PUBACK and gives up half a keepalive later; the last PUBACK came at
      // most one acknowledged span (1.2 s) before the cut, so the cut is noticed within 1.5 keepalives of it.
      await vi.waitFor(() => expect(k.offlineAt).not.toBeNull(), { timeout: 10_000, interval: 50 });
      const noticedAfterMs = (k.offlineAt ?? 0) - silentAt;
      expect(noticedAfterMs).toBeGreaterThanOrEqual(0.5 * KEEPALIVE_S * 1000 - 100);
      expect(noticedAfterMs).toBeLessThanOrEqual(1.5 * KEEPALIVE_S * 1000 + 1_000);
      proxy.restore();
      await vi.waitFor(() => expect(k.online).toBe(true), { timeout: 10_000, interval: 50 });
    } finally {
      await k.stop();
      await proxy.close();
    }
  }, 30_000);
});
