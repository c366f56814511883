import { z } from 'zod';

/**
 * MQTT topic layout. Every device topic sits under its own id, so the broker's ACL is one prefix check:
 *
 *   sv/v1/d/{deviceId}/state     device -> cloud  retained; last will {"status":"offline"}
 *   sv/v1/d/{deviceId}/hb        device -> cloud  heartbeat, QoS 0; one per keepalive QoS 1 (RTT; no PINGREQ)
 *   sv/v1/d/{deviceId}/ack       device -> cloud  command acknowledgements, QoS 1
 *   sv/v1/d/{deviceId}/sig/up    device -> cloud  call signalling (ClientMessage), QoS 1
 *   sv/v1/d/{deviceId}/cmd       cloud -> device  commands from the outbox, QoS 1
 *   sv/v1/d/{deviceId}/sig/down  cloud -> device  call signalling (ServerMessage), QoS 1
 *
 * Ids are UUIDs, so they never contain the MQTT wildcards '+' or '#' or the separator '/' [MQTT-4.7.1].
 */
export const TOPIC_ROOT = 'sv/v1/d';

export const DeviceChannel = z.enum(['state', 'hb', 'ack', 'sig/up', 'cmd', 'sig/down']);
export type DeviceChannel = z.infer<typeof DeviceChannel>;

/** Channels a device publishes on; the rest it may only subscribe to. */
export const DEVICE_PUBLISHES: ReadonlySet<DeviceChannel> = new Set(['state', 'hb', 'ack', 'sig/up']);
export const DEVICE_SUBSCRIBES: ReadonlySet<DeviceChannel> = new Set(['cmd', 'sig/down']);

export function deviceTopic(deviceId: string, channel: DeviceChannel): string {
  return `${TOPIC_ROOT}/${deviceId}/${channel}`;
}

export function deviceTopics(deviceId: string): Record<DeviceChannel, string> {
  return Object.fromEntries(DeviceChannel.options.map((c) => [c, deviceTopic(deviceId, c)])) as Record<
    DeviceChannel,
    string
  >;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Split a concrete topic into device id and channel, or null when it is not a device topic. */
export function parseDeviceTopic(topic: string): { deviceId: string; channel: DeviceChannel } | null {
  const prefix = `${TOPIC_ROOT}/`;
  if (!topic.startsWith(prefix)) return null;
  const rest = topic.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return null;
  const deviceId = rest.slice(0, slash);
  const channel = DeviceChannel.safeParse(rest.slice(slash + 1));
  if (!uuidPattern.test(deviceId) || !channel.success) return null;
  return { deviceId, channel: channel.data };
}
