/**
 * Account lifecycle: ending access at once (the Deactivator: sessions, WebSocket, MQTT), the inactivity job,
 * and support's disable/revoke routes. The audit log, GDPR and SCIM are features of their own beside it.
 */
export { accountsApp } from './app.js';
export { createDeactivator } from './deactivator.js';
export { createRecords, type Records } from './records.js';
