import {
  type Clock,
  type ClockTimer,
  type DeviceChannel,
  deviceTopic,
  OFFLINE_WILL,
  parseDeviceTopic,
} from '@screenvisit/protocol';
import { connect, type ErrorWithReasonCode, type MqttClient } from 'mqtt';
import type { ReconnectPolicy } from './backoff.js';
import type { Logger } from './logger.js';
import { withTimeout } from './timing.js';

/**
 * The device's one MQTT connection. INVARIANTS:
 *  - clientId = username = deviceId, clean: false: the broker keeps our subscriptions and queued QoS 1
 *    commands while we are away [MQTT-3.1.2-4], so a command sent during an outage is delivered on return.
 *  - the last will is OFFLINE_WILL, retained, on our own state topic: the broker publishes it when the socket
 *    dies without DISCONNECT [MQTT-3.1.2-8]; on a clean stop we publish it ourselves first, because a
 *    DISCONNECT makes the broker discard the will [MQTT-3.1.2-10].
 *  - MQTT.js' own fixed-interval reconnect is off (reconnectPeriod: 0); `policy` spaces our retries.
 *  - after every CONNACK the retained state (`announce`) is published, and its PUBACK awaited, BEFORE we
 *    subscribe: the cloud flushes its outbox when our command subscription is granted and shapes each config for
 *    the config schema the state reported (docs/protocol.md "Config schemas"), so it must have that state first.
 *  - after a refusal for credentials nothing reconnects: the agent wipes itself.
 */
export type InboundChannel = Extract<DeviceChannel, 'cmd' | 'sig/down'>;
export type OutboundChannel = Extract<DeviceChannel, 'state' | 'hb' | 'ack' | 'sig/up'>;

/**
 * The CONNACK return code that means "this credential is gone for good": 5 "not authorized" (MQTT 3.1.1
 * §3.2.2.3) and its MQTT 5 equivalent 0x87. The cloud sends it only for a revoked (wiped, lost, stolen) or
 * unknown device (cloud/src/broker/connack.ts). 4 "bad user name or password" could be a local fault, so it
 * is retried with backoff like 2 and 3: erasing a kiosk is never the answer to something transient.
 */
const REVOKED_RETURN_CODES = new Set([5, 0x87]);

export interface MqttSessionOptions {
  url: string;
  deviceId: string;
  password: string;
  clock: Clock;
  policy: ReconnectPolicy;
  log: Logger;
  /**
   * The retained `state` (JSON) to publish after each CONNACK and before subscribing (the invariant above).
   * Without it the session subscribes at once (tests of the session alone).
   */
  announce?(): string;
  /**
   * Subscriptions are in place. Called after every (re)connect; `announced`: the `announce` state was
   * acknowledged on this connection (otherwise publish the state now).
   */
  onOnline(status: { announced: boolean }): void;
  onOffline(): void;
  onMessage(channel: InboundChannel, payload: Buffer): void;
  /** The broker refused our credential; the session has stopped for good. */
  onRevoked(returnCode: number): void;
  connectTimeoutMs?: number;
  /** Default KEEPALIVE_SECONDS. */
  keepaliveSeconds?: number;
}

/**
 * The agent's MQTT keepalive (s), longer than the 60 s between its acknowledged heartbeats (heartbeat.ts
 * ackedEvery), so that PUBACK, not a PINGREQ, keeps the link alive and MQTT.js never pings while the link works.
 * A dead link (a server gone without RST) is noticed 1.5 keepalives after the last PUBACK at most (105 s; 90 s
 * with the former 60 s keepalive and its pings), and the broker closes a silent kiosk's session after 1.5 x this
 * [MQTT-3.1.2-24]. Decision and figures: docs/operations.md "Keepalive and heartbeats".
 */
export const KEEPALIVE_SECONDS = 70;

/** How long the announced state's PUBACK is waited for before subscribing anyway. */
const ANNOUNCE_TIMEOUT_MS = 10_000;

export interface PublishOptions {
  qos: 0 | 1;
  retain?: boolean;
}

export interface MqttSession {
  readonly connected: boolean;
  /** The keepalive this session's CONNECT carries (s): the heartbeat acknowledges one beat per keepalive. */
  readonly keepaliveSeconds: number;
  /** Resolves when sent (QoS 0) or PUBACKed (QoS 1) with the round-trip time in ms. */
  publish(channel: OutboundChannel, payload: string, options: PublishOptions): Promise<number>;
  /** Publish the offline state (if connected), send DISCONNECT and stop reconnecting. */
  close(options?: { timeoutMs?: number }): Promise<void>;
}

export function startMqttSession(options: MqttSessionOptions): MqttSession {
  const { clock, deviceId, policy } = options;
  const log = options.log.child({ module: 'mqtt' });
  let stopped = false;
  let online = false;
  let retryCount = 0;
  let lostAt: number | null = null;
  let retryTimer: ClockTimer | null = null;
  const keepaliveSeconds = options.keepaliveSeconds ?? KEEPALIVE_SECONDS;

  const client: MqttClient = connect(options.url, {
    clientId: deviceId,
    username: deviceId,
    password: options.password,
    protocolVersion: 4,
    clean: false,
    reconnectPeriod: 0,
    connectTimeout: options.connectTimeoutMs ?? 15_000,
    keepalive: keepaliveSeconds,
    // mqtt-packet otherwise pre-builds a 2-byte Buffer for every number 0…65535 on the first write: 65,536
    // objects, ~6 MB of the idle agent's heap (heap snapshot, docs/performance.md "## Kiosk"), to save an
    // allocation per packet on a connection that sends a heartbeat a minute.
    writeCache: false,
    will: {
      topic: deviceTopic(deviceId, 'state'),
      payload: Buffer.from(JSON.stringify(OFFLINE_WILL)),
      qos: 1,
      retain: true,
    },
  });

  client.on('connect', (connack) => {
    retryCount = 0;
    lostAt = null;
    log.info({ sessionPresent: connack.sessionPresent }, 'connected to the broker');
    const announcing = options.announce
      ? withTimeout(
          client.publishAsync(deviceTopic(deviceId, 'state'), options.announce(), { qos: 1, retain: true }),
          ANNOUNCE_TIMEOUT_MS,
          clock,
        ).then(
          () => true,
          (error: unknown) => {
            log.warn({ err: error }, 'the state was not acknowledged before subscribing');
            return false;
          },
        )
      : Promise.resolve(false);
    // Subscribing again on a resumed session is harmless and repairs a session the broker lost.
    announcing
      .then(async (announced) => {
        const granted = await client.subscribeAsync({
          [deviceTopic(deviceId, 'cmd')]: { qos: 1 },
          [deviceTopic(deviceId, 'sig/down')]: { qos: 1 },
        });
        const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
        if (refused.length > 0) log.error({ refused }, 'the broker refused our subscriptions');
        online = true;
        options.onOnline({ announced });
      })
      .catch((error: unknown) => log.warn({ err: error }, 'subscribe failed; the next reconnect retries'));
  });

  client.on('message', (topic, payload) => {
    const parsed = parseDeviceTopic(topic);
    if (
      !parsed ||
      parsed.deviceId !== deviceId ||
      (parsed.channel !== 'cmd' && parsed.channel !== 'sig/down')
    ) {
      log.warn({ topic }, 'ignored a message on a topic that is not ours');
      return;
    }
    options.onMessage(parsed.channel, payload);
  });

  client.on('error', (error) => {
    const code = (error as Partial<ErrorWithReasonCode>).code;
    if (typeof code === 'number' && REVOKED_RETURN_CODES.has(code)) {
      stopped = true;
      log.error({ returnCode: code }, 'the broker refused our credential: the device was revoked');
      client.end(true);
      options.onRevoked(code);
      return;
    }
    log.warn({ err: { message: error.message, code } }, 'MQTT connection error');
  });

  client.on('close', () => {
    if (online) {
      online = false;
      options.onOffline();
    }
    if (stopped) return;
    lostAt ??= clock.now();
    const delay = policy.nextRetryDelayInMs({ retryCount, elapsedMs: clock.now() - lostAt });
    if (delay === null) {
      log.error({ retryCount }, 'giving up reconnecting');
      return;
    }
    retryCount += 1;
    log.info({ retryCount, delayMs: delay }, 'connection lost; reconnecting after backoff');
    if (retryTimer) clock.clearTimeout(retryTimer);
    retryTimer = clock.setTimeout(() => {
      retryTimer = null;
      if (stopped) return;
      // Keep the stores: with clean: false, unacknowledged QoS 1 publishes are resent on the resumed session.
      client.reconnect({ incomingStore: client.incomingStore, outgoingStore: client.outgoingStore });
    }, delay);
  });

  return {
    get connected() {
      return online && client.connected;
    },
    keepaliveSeconds,
    async publish(channel, payload, publishOptions) {
      const started = clock.now();
      await client.publishAsync(deviceTopic(deviceId, channel), payload, {
        qos: publishOptions.qos,
        retain: publishOptions.retain ?? false,
      });
      return clock.now() - started;
    },
    async close(closeOptions = {}) {
      if (stopped && !client.connected) return;
      stopped = true;
      if (retryTimer) clock.clearTimeout(retryTimer);
      const timeoutMs = closeOptions.timeoutMs ?? 3_000;
      if (client.connected) {
        await withTimeout(
          client.publishAsync(deviceTopic(deviceId, 'state'), JSON.stringify(OFFLINE_WILL), {
            qos: 1,
            retain: true,
          }),
          timeoutMs,
          clock,
        ).catch((error: unknown) => log.warn({ err: error }, 'could not publish the offline state'));
      }
      // A forced end when the DISCONNECT cannot be sent in time: the will then says offline for us.
      const ended = await withTimeout(client.endAsync(), timeoutMs, clock).then(
        () => true,
        () => false,
      );
      if (!ended) await client.endAsync(true).catch(() => undefined);
    },
  };
}
