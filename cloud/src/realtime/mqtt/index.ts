/**
 * The embedded aedes MQTT broker for kiosks: the deny-by-default policy (authenticate, authorize publish and
 * subscribe), the typed channels and events it emits, CONNACK codes, packet limits and the TCP/WebSocket transports.
 */
export type { DeviceMessageEvent, InboundChannel, OutboundChannel, OutboundMessages } from './channels.js';
export { ConnackCode } from './connack.js';
export { createBroker } from './create-broker.js';
export { MAX_PACKET_BYTES } from './frame-meter.js';
export { POLICY_DEFAULTS } from './policy.js';
export { WS_PATH } from './transports.js';
export type {
  BrokerDeps,
  BrokerPorts,
  DeviceAuthenticator,
  DeviceBroker,
  ListenOptions,
  RefusalReason,
  VerifyOutcome,
} from './types.js';
