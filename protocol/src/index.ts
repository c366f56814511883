export * from './clock.js';
export * from './decode.js';
export * from './enrolment.js';
export * from './ids.js';
export * from './mqtt/commands.js';
export * from './mqtt/device-state.js';
export * from './mqtt/topics.js';
export * from './signalling.js';
