import { TOPIC_ROOT } from '@screenvisit/protocol';
import type { AedesOptions } from 'aedes';
import type { Logger } from '../../kernel/logger.js';
import { OUTBOUND_CHANNELS } from './channels.js';

type AuthorizeSubscribeHook = NonNullable<AedesOptions['authorizeSubscribe']>;
type AuthorizeForwardHook = NonNullable<AedesOptions['authorizeForward']>;

const DEVICE_PREFIX = `${TOPIC_ROOT}/`;

/**
 * The only topics a device may read: its own cmd and sig/down, spelled exactly (no wildcards), i.e.
 * deviceTopic(deviceId, channel) for an OUTBOUND channel. Compared in place, without building the topics: it runs
 * for every message delivered to a kiosk (authorizeForward), 10,000 times in a bulk push.
 */
export function isReadableTopic(deviceId: string, topic: string): boolean {
  const channelAt = DEVICE_PREFIX.length + deviceId.length + 1;
  if (!topic.startsWith(DEVICE_PREFIX) || !topic.startsWith(deviceId, DEVICE_PREFIX.length)) return false;
  if (topic.charCodeAt(channelAt - 1) !== 0x2f /* '/' */) return false;
  for (const channel of OUTBOUND_CHANNELS)
    if (topic.length === channelAt + channel.length && topic.endsWith(channel)) return true;
  return false;
}

/**
 * Anything else is refused with granted 0x80 in the SUBACK [MQTT-3.9.3] (aedes: a null subscription), the
 * connection stays up. So a client holds at most two subscriptions.
 */
export function createAuthorizeSubscribe(options: { readonly log: Logger }): AuthorizeSubscribeHook {
  const { log } = options;
  return function authorizeSubscribe(client, subscription, callback) {
    if (isReadableTopic(client.id, subscription.topic)) return callback(null, subscription);
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
    if (isReadableTopic(client.id, packet.topic)) return packet;
    log.warn({ deviceId: client.id, topic: packet.topic.slice(0, 128) }, 'withheld a message from a device');
    return null;
  };
}
