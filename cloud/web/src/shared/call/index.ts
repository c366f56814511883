/** Browser calls: signalling, media and the shared call screen (staff, citizen, night watch). */
export * from './backoff.js';
export * from './call-controller.js';
export * from './call-session.js';
export * from './call-strings.js';
export * from './call-view.js';
export * from './ice.js';
export * from './messages.js';
export * from './quality.js';
export * from './ring-tone.js';
export * from './signalling.js';
export * from './use-call-session.js';
export * from './wake-lock.js';
