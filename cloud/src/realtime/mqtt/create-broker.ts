import { randomUUID } from 'node:crypto';
import { type ClockTimer, deviceTopic, Id, MAX_FRAME_BYTES, systemClock } from '@screenvisit/protocol';
import { AppError } from '../../kernel/errors.js';
import { type DeviceMessageEvent, isOutboundChannel, type OutboundChannel } from './channels.js';
import { DeviceAedes } from './device-aedes.js';
import { guardFrames } from './frame-meter.js';
import { dropConnectPacket, leanParser } from './lean-client.js';
import { loggableDeviceId } from './loggable.js';
import {
  type OutgoingStore,
  type RetainedStore,
  skipOutgoingStreamsWhileNoneQueued,
  skipRetainedLookupsWhileNoneStored,
} from './no-retained.js';
import { createOutboundEncoder } from './outbound.js';
import { createPolicy } from './policy.js';
import { createTransports } from './transports.js';
import type { BrokerDeps, BrokerEvents, DeviceBroker } from './types.js';
import { PublishVerdicts } from './verdicts.js';

/**
 * The QoS the cloud publishes each channel with (docs/protocol.md "Topics"). Commands are QoS 0: the outbox in
 * PostgreSQL, not the broker's session, delivers them (every unacknowledged command is sent again at each
 * connection of the kiosk, devices/link.ts), so QoS 1 bought only a PUBACK per command to read and aedes'
 * in-flight bookkeeping. Issue 14: with config.apply's acks at QoS 0 as well (protocol ACK_QOS), the bulk push's
 * cloud CPU fell by a median 19 % in 8 of 8 pairs (docs/performance.md, branch ackqos). Signalling stays QoS 1:
 * it has no outbox behind it (not priced).
 */
const OUTBOUND_QOS = { cmd: 0, 'sig/down': 1 } as const satisfies Record<OutboundChannel, 0 | 1>;
const DEFAULT_VERIFY_TIMEOUT_MS = 5_000;
const DEFAULT_CLOSE_TIMEOUT_MS = 3_000;

/**
 * The cloud's embedded MQTT broker for kiosks (aedes 1.x). Policy lives in policy.ts; this file wires aedes,
 * the transports and the callbacks. Sessions and QoS 1 queues live in `deps.persistence` (memory by default):
 * durable command delivery across restarts is the outbox's job. No device message is retained
 * (authorize-publish.ts): device state lives in the devices table.
 */
export async function createBroker(deps: BrokerDeps): Promise<DeviceBroker> {
  const { log } = deps;
  const clock = deps.clock ?? systemClock;
  const closeTimeoutMs = deps.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
  const verdicts = new PublishVerdicts();
  const connected = new Set<string>();
  const brokerId = deps.id ?? randomUUID();
  const encodeOutbound = createOutboundEncoder();

  const listeners: { [E in keyof BrokerEvents]: BrokerEvents[E][] } = {
    message: deps.onDeviceMessage ? [deps.onDeviceMessage] : [],
    connection: deps.onDeviceConnection ? [deps.onDeviceConnection] : [],
    subscribed: deps.onDeviceSubscribed ? [deps.onDeviceSubscribed] : [],
    refused: [],
  };

  // Every listener runs; if any fails, the message counts as not handled and gets no PUBACK
  // (authorize-publish.ts), so the device resends it on its resumed session.
  const deliver = async (event: DeviceMessageEvent) => {
    let failure: unknown = null;
    for (const listener of listeners.message) {
      try {
        await listener(event);
      } catch (error) {
        log.error({ err: error, deviceId: event.deviceId, channel: event.channel }, 'onDeviceMessage failed');
        failure ??= error;
      }
    }
    if (failure !== null) throw failure;
  };
  const notifyConnection = (deviceId: string, isConnected: boolean) => {
    if (isConnected) connected.add(deviceId);
    else connected.delete(deviceId);
    log.info({ deviceId }, isConnected ? 'device connected' : 'device disconnected');
    for (const listener of listeners.connection) {
      try {
        listener(deviceId, isConnected);
      } catch (error) {
        log.error({ err: error, deviceId }, 'onDeviceConnection failed');
      }
    }
  };

  const policy = createPolicy({
    log,
    auth: {
      verify: (deviceId, secret) => deps.auth.verify(deviceId, secret),
      onRefused(deviceId, why) {
        deps.auth.onRefused?.(deviceId, why);
        for (const listener of listeners.refused) listener(deviceId, why);
      },
    },
    verdicts,
    clock,
    verifyTimeoutMs: deps.verifyTimeoutMs ?? DEFAULT_VERIFY_TIMEOUT_MS,
    handle: deliver,
    brokerId,
  });
  const aedes = new DeviceAedes(
    { ...policy, id: brokerId, persistence: deps.persistence, mq: deps.mq },
    verdicts,
  );
  await aedes.listen();
  // aedes sets `persistence` in listen() (its in-memory one when none is given); its .d.ts does not declare it.
  if (deps.persistence === undefined) {
    const { persistence } = aedes as unknown as { persistence: RetainedStore & OutgoingStore };
    skipRetainedLookupsWhileNoneStored(persistence);
    skipOutgoingStreamsWhileNoneQueued(persistence);
  }

  // 'clientReady' follows the CONNACK; 'clientDisconnect' fires once per authenticated session however it
  // ends (DISCONNECT, socket loss, keepalive, takeover by a newer connection [MQTT-3.1.4-2], broker close).
  // aedes writes the CONNACK, then drains the session's offline queue, and only then emits 'clientReady'
  // (lib/handlers/connect.js: doConnack, emptyQueue). A kiosk subscribes as soon as it reads the CONNACK, so its
  // SUBSCRIBE can complete before 'clientReady' (and a restored session's subscriptions always do): such a
  // subscription is remembered here and reported right after the connection, so every connection is flushed.
  const subscribedBeforeReady = new Set<string>();
  const notifySubscribed = (deviceId: string) => {
    for (const listener of listeners.subscribed) listener(deviceId);
  };
  aedes.on('clientReady', (client) => {
    dropConnectPacket(client);
    notifyConnection(client.id, true);
    if (subscribedBeforeReady.delete(client.id)) notifySubscribed(client.id);
  });
  aedes.on('clientDisconnect', (client) => {
    subscribedBeforeReady.delete(client.id);
    notifyConnection(client.id, false);
  });
  // Only a SUBSCRIBE that covers the device's command topic counts: that is when a command can be delivered.
  aedes.on('subscribe', (subs, client) => {
    if (!client) return;
    const cmd = deviceTopic(client.id, 'cmd');
    if (!subs.some((sub) => sub.topic === cmd && (sub.qos as number) !== 128)) return;
    if (connected.has(client.id)) notifySubscribed(client.id);
    else subscribedBeforeReady.add(client.id);
  });
  aedes.on('clientError', (client, error) => {
    log.debug(
      { deviceId: loggableDeviceId(client.id), reason: error.message },
      'MQTT client error; connection closed',
    );
  });
  aedes.on('connectionError', (_client, error) => {
    log.debug({ reason: error.message }, 'MQTT connection error before CONNECT completed');
  });

  const transports = createTransports({
    log,
    accept(conn, req) {
      const client = aedes.handle(conn, req);
      leanParser(client);
      guardFrames(conn, (reason) => {
        log.warn(
          { deviceId: loggableDeviceId(client.id), reason },
          'cut an MQTT connection: packet too large',
        );
      });
    },
  });

  let closing: Promise<void> | null = null;

  return {
    on(event, listener) {
      listeners[event].push(listener);
    },
    listen: (options) => transports.listen(options),

    async publishToDevice(deviceId, channel, message) {
      if (closing !== null) throw AppError.unavailable('The MQTT broker is shutting down.');
      if (!Id.safeParse(deviceId).success || !isOutboundChannel(channel)) {
        throw new AppError('internal', 'Refused to publish to an invalid device topic.');
      }
      const payload = Buffer.from(encodeOutbound(channel, message));
      if (payload.byteLength > MAX_FRAME_BYTES) {
        throw new AppError(
          'internal',
          `Refused to publish a ${channel} message larger than ${MAX_FRAME_BYTES} bytes.`,
        );
      }
      const packet = {
        cmd: 'publish',
        topic: deviceTopic(deviceId, channel),
        payload,
        qos: OUTBOUND_QOS[channel],
        retain: false,
        dup: false,
      } as const;
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error) =>
          error ? reject(AppError.unavailable('Could not queue the MQTT message.', error)) : resolve();
        // A device connected here gets it straight (device-aedes.ts); otherwise aedes routes it (the offline
        // queue of its session, or through the emitter the node that holds it).
        if (!aedes.publishToSubscriber(deviceId, packet, done)) aedes.publish(packet, done);
      });
    },

    disconnectDevice(deviceId) {
      const client = aedes.connectedClient(deviceId);
      if (client === undefined) return;
      log.info({ deviceId }, 'cutting device connection');
      client.close();
    },

    ready: () => closing === null && transports.listening() && !aedes.closed,

    connectedDeviceIds: () => [...connected],

    close() {
      closing ??= closeAll();
      return closing;
    },
  };

  async function closeAll(): Promise<void> {
    const everything = Promise.all([
      new Promise<void>((resolve) => aedes.close(() => resolve())),
      transports.close(),
    ]).then(() => 'closed' as const);
    let timer: ClockTimer | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = clock.setTimeout(() => resolve('timeout'), closeTimeoutMs);
    });
    const outcome = await Promise.race([everything, timeout]);
    if (timer !== undefined) clock.clearTimeout(timer);
    if (outcome === 'timeout')
      log.warn({ closeTimeoutMs }, 'MQTT broker close timed out; continuing shutdown');
    else log.info('MQTT broker closed');
  }
}
