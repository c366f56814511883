/** Calls (issue 5): the call state machine and the transport-independent call router. */

export * from './call-machine.js';
export * from './call-store.js';
export * from './cluster.js';
export * from './kiosk.js';
export { createRedisQueueBoard } from './night-watch/redis-pool-queue.js';
export * from './redis-call-store.js';
export * from './router.js';
export * from './types.js';
