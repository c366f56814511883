import { parseDeviceTopic } from '@screenvisit/protocol';
import type { AedesOptions } from 'aedes';
import type { Logger } from '../../kernel/logger.js';
import { decodeInbound, isInboundChannel } from './channels.js';
import type { PublishVerdicts } from './verdicts.js';

type AuthorizePublishHook = NonNullable<AedesOptions['authorizePublish']>;

/**
 * A device publishes only on its own state, hb, ack and sig/up topics ($SYS and everything else never), and
 * only payloads that decode against the channel's schema.
 *
 * - Wrong topic: refused with an error, so aedes closes the connection [MQTT-3.3.5-2]. A device never does
 *   this by mistake; it is a bug or an attempt to speak for another device.
 * - Right topic, malformed payload: acknowledged and dropped (also allowed by [MQTT-3.3.5-2]: "make a
 *   positive acknowledgement ... or close the Network Connection"). It reaches no subscriber, no retained
 *   store and not onDeviceMessage. Closing instead would make a poison message: MQTT.js resends an unacked
 *   QoS 1 PUBLISH after every reconnect, so one bad message would keep the kiosk offline indefinitely.
 * - Retain is kept only on `state` (the contract's retained topic); elsewhere it is cleared, so a device
 *   cannot park stale heartbeats or signalling for later subscribers.
 *
 * Also runs for the last will (client closing) and, with client null, for the stale will of a dead broker
 * node, where the will packet carries the clientId aedes-persistence stored with it.
 */
export function createAuthorizePublish(options: {
  readonly log: Logger;
  readonly verdicts: PublishVerdicts;
}): AuthorizePublishHook {
  const { log, verdicts } = options;

  return function authorizePublish(client, packet, callback) {
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

    if (target.channel !== 'state') packet.retain = false;
    verdicts.deliver(packet, decoded.value);
    callback(null);
  };
}
