export { CallPush, callPush, callPushTitle, GENERIC_TITLE } from './payload.js';
export { pushRoutes } from './routes.js';
export { createPushSender, type PushWaker, pushAgent } from './sender.js';
export { subscriptionsOfCitizen } from './subscriptions.js';
export { loadVapidKeys, VAPID_FILE, type VapidKeys } from './vapid-keys.js';
