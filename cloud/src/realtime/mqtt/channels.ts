import {
  ClientMessage,
  CommandAck,
  DEVICE_PUBLISHES,
  DEVICE_SUBSCRIBES,
  type Decoded,
  DeviceCommand,
  DeviceState,
  decode,
  Heartbeat,
  ServerMessage,
} from '@screenvisit/protocol';
import type { z } from 'zod';

/**
 * The schema of every device channel, in one table per direction (protocol/src/mqtt/topics.ts lists the
 * channels). The broker decodes every inbound payload against this table before anyone sees it, and checks
 * every outbound one before it leaves.
 */
export const INBOUND_SCHEMAS = {
  state: DeviceState,
  hb: Heartbeat,
  ack: CommandAck,
  'sig/up': ClientMessage,
} as const satisfies Record<string, z.ZodType>;

export const OUTBOUND_SCHEMAS = {
  cmd: DeviceCommand,
  'sig/down': ServerMessage,
} as const satisfies Record<string, z.ZodType>;

export type InboundChannel = keyof typeof INBOUND_SCHEMAS;
export type OutboundChannel = keyof typeof OUTBOUND_SCHEMAS;
export type InboundMessages = { [C in InboundChannel]: z.output<(typeof INBOUND_SCHEMAS)[C]> };
export type OutboundMessages = { [C in OutboundChannel]: z.output<(typeof OUTBOUND_SCHEMAS)[C]> };

/** One decoded device message, typed by its channel so a `switch (event.channel)` narrows `message`. */
export type DeviceMessageEvent = {
  [C in InboundChannel]: {
    readonly deviceId: string;
    readonly channel: C;
    readonly message: InboundMessages[C];
    /** An ack's PUBLISH QoS (authorize-publish.ts): a QoS 0 ack settles only a config.apply (devices/link.ts). */
    readonly qos?: number;
  };
}[InboundChannel];

export const INBOUND_CHANNELS = Object.keys(INBOUND_SCHEMAS) as InboundChannel[];
export const OUTBOUND_CHANNELS = Object.keys(OUTBOUND_SCHEMAS) as OutboundChannel[];

export function isInboundChannel(channel: string): channel is InboundChannel {
  return Object.hasOwn(INBOUND_SCHEMAS, channel) && DEVICE_PUBLISHES.has(channel as InboundChannel);
}

export function isOutboundChannel(channel: string): channel is OutboundChannel {
  return Object.hasOwn(OUTBOUND_SCHEMAS, channel) && DEVICE_SUBSCRIBES.has(channel as OutboundChannel);
}

/** Decode an inbound payload into a typed event. Never throws (protocol decode() does not). */
export function decodeInbound(
  deviceId: string,
  channel: InboundChannel,
  payload: string | Uint8Array,
): Decoded<DeviceMessageEvent> {
  const decoded = decode(INBOUND_SCHEMAS[channel], payload);
  if (!decoded.ok) return decoded;
  // The schema was picked by `channel`, so the pair is consistent; TypeScript cannot correlate the two.
  return { ok: true, value: { deviceId, channel, message: decoded.value } as DeviceMessageEvent };
}
