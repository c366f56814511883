export { type Agent, type AgentEvents, type StartAgentOptions, startAgent } from './agent.js';
export {
  DEFAULT_BACKOFF,
  type FullJitterOptions,
  fullJitterBackoff,
  type ReconnectContext,
  type ReconnectPolicy,
} from './backoff.js';
export {
  CachedConfig,
  CachedSettings,
  createDataStore,
  type DataStore,
  StoredCredential,
} from './data-store.js';
export { startDevControl } from './dev-control.js';
export { enrol, enrolAndStore, enrolWithRetry } from './enrolment.js';
export {
  type DeviceEnv,
  deviceEnv,
  parseDeviceEnv,
  readDefaultHardwareId,
  realBoardConfigFromEnv,
} from './env.js';
export { DeviceError, DeviceErrorReason, isDeviceError } from './errors.js';
export { readTemperature } from './heartbeat.js';
export { type HttpReply, type PostJson, postJson } from './http-post.js';
export {
  KIOSK_MESSAGES,
  type KioskMessage,
  type KioskMessageCode,
  type KioskScreenModel,
} from './kiosk-screen.js';
export { createLogger, type Logger } from './logger.js';
export {
  CallBridge,
  type GstDevices,
  IceConfig,
  IceServer,
  IceTransportPolicy,
  isMediaError,
  MediaError,
  MediaErrorReason,
  type ProbeOptions,
  probeMediaEngine,
} from './media/index.js';
export type {
  CallMediaOptions,
  CandidateType,
  MediaCall,
  MediaConnectionState,
  MediaEngine,
  MediaSession,
  MediaStats,
  RemoteCandidate,
  RtcSignal,
  VideoCodec,
} from './media-engine.js';
export { NoMediaEngine } from './media-engine.js';
export { STATE_LOOK } from './state-effects.js';
export {
  createStateMachine,
  type DeviceEvent,
  type DeviceEvents,
  nextState,
  TRANSITIONS,
} from './state-machine.js';
