export { CallBridge } from './call-bridge.js';
export { isMediaError, MediaError, MediaErrorReason } from './errors.js';
export type { GstDevices } from './gstreamer/pipeline.js';
export { IceConfig, IceServer, IceTransportPolicy, NO_ICE_SERVERS, toGstIceServers } from './ice.js';
export { type ProbeOptions, probeMediaEngine } from './probe.js';
export { countCandidates, offeredCodecs, pickPayloadType } from './sdp.js';
