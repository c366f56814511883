/**
 * Web Push (issue 15): waking a citizen's closed page for an incoming call. VAPID keys, the push payload, the
 * subscription routes and the sender behind the CitizenWaker port (kernel/ports.ts).
 */
export { CallPush, callPush, callPushTitle, GENERIC_TITLE } from './payload.js';
export { pushRoutes } from './routes.js';
export { createPushSender, type PushWaker, pushAgent } from './sender.js';
export { subscriptionsOfCitizen } from './subscriptions.js';
export { loadVapidKeys, VAPID_FILE, type VapidKeys } from './vapid-keys.js';
