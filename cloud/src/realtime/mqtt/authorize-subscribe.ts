import { deviceTopic } from '@screenvisit/protocol';
import type { AedesOptions } from 'aedes';
import type { Logger } from '../../kernel/logger.js';
import { OUTBOUND_CHANNELS } from './channels.js';

type AuthorizeSubscribeHook = NonNullable<AedesOptions['authorizeSubscribe']>;
type AuthorizeForwardHook = NonNullable<AedesOptions['authorizeForward']>;

/** The only topics a device may read: its own cmd and sig/down, spelled exactly (no wildcards). */
export function readableTopics(deviceId: string): ReadonlySet<string> {
  return new Set(OUTBOUND_CHANNELS.map((channel) => deviceTopic(deviceId, channel)));
}

/**
 * Anything else is refused with granted 0x80 in the SUBACK [MQTT-3.9.3] (aedes: a null subscription), the
 * connection stays up. So a client holds at most two subscriptions.
 */
export function createAuthorizeSubscribe(options: { readonly log: Logger }): AuthorizeSubscribeHook {
  const { log } = options;
  return function authorizeSubscribe(client, subscription, callback) {
    if (readableTopics(client.id).has(subscription.topic)) return callback(null, subscription);
    log.warn({ deviceId: client.id, topic: subscription.topic.slice(0, 128) }, 'refused MQTT subscribe');
    callback(null, null);
  };
}

/**
 * Second line of defence at delivery time. aedes persists a persistent session's SUBSCRIBE packet as a
 * whole (lib/handlers/subscribe.js storeSubscriptions), refused topics included, and queues offline messages
 * by those stored subscriptions; this check keeps such a message from ever being written to the device.
 */
export function createAuthorizeForward(options: { readonly log: Logger }): AuthorizeForwardHook {
  const { log } = options;
  return function authorizeForward(client, packet) {
    if (readableTopics(client.id).has(packet.topic)) return packet;
    log.warn({ deviceId: client.id, topic: packet.topic.slice(0, 128) }, 'withheld a message from a device');
    return null;
  };
}
