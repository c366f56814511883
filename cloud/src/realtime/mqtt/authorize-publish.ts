import { parseDeviceTopic } from '@screenvisit/protocol';
import type { AedesOptions } from 'aedes';
import type { Logger } from '../../kernel/logger.js';
import { type DeviceMessageEvent, decodeInbound, type InboundChannel, isInboundChannel } from './channels.js';
import type { PublishVerdicts } from './verdicts.js';

type AuthorizePublishHook = NonNullable<AedesOptions['authorizePublish']>;

/**
 * The lowest QoS a device may publish with, per channel (docs/protocol.md "Topics"). `state` is acknowledged only
 * once durably handled (below): at QoS 0 there is no PUBACK to hold back and no resend, so a message whose
 * handling failed would be lost without the kiosk knowing. `ack` is allowed at QoS 0 for a config.apply's ack
 * only (protocol ACK_QOS; issue 14: no PUBACK to write per kiosk in a bulk push): the outbox is its retry, since an
 * unsettled command is sent again at the next connection and config.apply is idempotent. Which command a QoS 0
 * ack may settle is known only from the outbox row, so the device link refuses the rest (devices/link.ts): a
 * wipe's or a restart's ack is QoS 1, acknowledged after its commit (issue 14 §5). Heartbeats are QoS 0 on purpose, but one
 * per keepalive is QoS 1 (its PUBACK times the round trip and spares the kiosk a PINGREQ; device/src/heartbeat.ts):
 * its handling is an in-memory merge (devices/telemetry.ts), so that PUBACK never waits for the database;
 * `sig/up` is handled best-effort either way.
 */
const MIN_QOS = { state: 1, hb: 0, ack: 0, 'sig/up': 0 } as const satisfies Record<InboundChannel, 0 | 1>;

/**
 * A device publishes only on its own state, hb, ack and sig/up topics ($SYS and everything else never), and
 * only payloads that decode against the channel's schema.
 *
 * - Wrong topic: refused with an error, so aedes closes the connection [MQTT-3.3.5-2]. A device never does
 *   this by mistake; it is a bug or an attempt to speak for another device. So is QoS 0 on `state` (MIN_QOS),
 *   or on an ack of any command but a config.apply (the link rejects it, below): refused the same way.
 * - Right topic, malformed payload: acknowledged and dropped (also allowed by [MQTT-3.3.5-2]: "make a
 *   positive acknowledgement ... or close the Network Connection"). It reaches no subscriber and not
 *   onDeviceMessage. Closing instead would make a poison message: MQTT.js resends an unacked QoS 1 PUBLISH
 *   after every reconnect, so one bad message would keep the kiosk offline indefinitely.
 * - Right topic, valid payload: handed to `handle` (the device link) HERE, before aedes writes the PUBACK.
 *   aedes acknowledges a QoS 1 PUBLISH before routing it (lib/handlers/publish.js enqueuePublish), so this
 *   hook is the last point before the acknowledgement: the PUBACK means "durably handled" [MQTT-4.3.2-2 lets
 *   the receiver take ownership only when it sends PUBACK]. When handling fails the hook refuses the publish,
 *   aedes closes the connection without a PUBACK, and the device resends the message on its resumed session
 *   [MQTT-4.4.0-1]. Only `state` and `ack` are held to this: the link resolves a `sig/up` it failed to handle
 *   (logged and dropped, devices/link.ts), so one bad signalling message does not cut the kiosk off mid-call.
 * - Once handled it is not routed (verdicts.ts): no subscriber may read a device's inbound topics.
 * - Retain is cleared on every channel, `state` included (issue 14): the cloud keeps device state in its own
 *   devices table, and a retained message per device made every SUBSCRIBE scan all N of them in aedes'
 *   retained store (O(N) per connect, O(N²) per fleet reconnect).
 *
 * Also runs for the last will (client closing) and, with client null, for the stale will of a dead broker
 * node, where the will packet carries the clientId aedes-persistence stored with it.
 * - A will stored by ANOTHER broker (two nodes over Redis; aedes publishes a dead node's wills minutes later,
 *   aedes.js _clearWills) is acknowledged and dropped: the kiosk may long since be back on a live node, and its
 *   presence is the device link's business (connections and heartbeat expiry), not a stale "offline" will.
 */
export function createAuthorizePublish(options: {
  readonly log: Logger;
  readonly verdicts: PublishVerdicts;
  readonly handle: (event: DeviceMessageEvent) => Promise<void>;
  readonly brokerId: string;
}): AuthorizePublishHook {
  const { log, verdicts, handle } = options;

  return function authorizePublish(client, packet, callback) {
    const storedBy = (packet as { brokerId?: string }).brokerId;
    if (storedBy !== undefined && storedBy !== options.brokerId) {
      log.debug({ storedBy, topic: packet.topic.slice(0, 128) }, 'dropped the will of another broker node');
      verdicts.drop(packet);
      return callback(null);
    }
    const deviceId = client?.id ?? (packet as { clientId?: string }).clientId ?? null;
    const target = parseDeviceTopic(packet.topic);
    if (
      deviceId === null ||
      target === null ||
      target.deviceId !== deviceId ||
      !isInboundChannel(target.channel)
    ) {
      log.warn({ deviceId, topic: packet.topic.slice(0, 128) }, 'refused MQTT publish: topic not allowed');
      return callback(new Error('publish topic not allowed'));
    }
    if (packet.qos < MIN_QOS[target.channel]) {
      // Refused like a wrong topic, closing the connection [MQTT-3.3.5-2]: the agent never does this, and a
      // QoS 0 PUBLISH is not resent, so closing makes no poison message.
      log.warn(
        {
          deviceId,
          channel: target.channel,
          qos: packet.qos,
          reason: `${target.channel} is published with QoS 1`,
        },
        'refused MQTT publish: QoS too low for the channel',
      );
      return callback(new Error('publish QoS not allowed'));
    }

    const decoded = decodeInbound(deviceId, target.channel, packet.payload);
    if (!decoded.ok) {
      // The reason names fields, never values; the payload itself is never logged.
      log.warn(
        { deviceId, topic: packet.topic, reason: decoded.reason },
        'rejected malformed device message',
      );
      verdicts.drop(packet);
      return callback(null);
    }

    packet.retain = false;
    // An ack carries its QoS: at 0 it may settle only a config.apply (devices/link.ts, protocol ACK_QOS).
    handle(target.channel === 'ack' ? { ...decoded.value, qos: packet.qos } : decoded.value).then(
      () => {
        // Handled: acknowledged, and not routed (no subscriber may read it; verdicts.ts).
        verdicts.drop(packet);
        callback(null);
      },
      (error: unknown) => {
        // At QoS 1 the device resends it on its resumed session; a QoS 0 ack has no PUBACK to withhold, and
        // its command stays open in the outbox, which sends it again at the next connection (protocol ACK_QOS).
        log.warn(
          { err: error, deviceId, channel: target.channel, qos: packet.qos },
          packet.qos === 0
            ? 'device message not handled; the connection is closed and the outbox sends its command again'
            : 'device message not handled; no PUBACK, the device resends it',
        );
        callback(new Error('device message not handled'));
      },
    );
  };
}
