/** Everything drizzle-kit generates migrations from, and the schema given to drizzle for `db.query`. */

export * from './access-reviews.js';
export * from './audit-log.js';
export * from './care.js';
export * from './citizen-credentials.js';
export * from './citizens.js';
export * from './device-config.js';
export * from './device-uptime.js';
export * from './devices.js';
export * from './enums.js';
export * from './identity-providers.js';
export * from './municipalities.js';
export * from './passkeys.js';
export * from './pool-citizen-coverage.js';
export * from './push.js';
export * from './relations.js';
export * from './scim-tokens.js';
export * from './service-cases.js';
export * from './sessions.js';
export * from './staff.js';
export * from './staff-credentials.js';
export * from './staff-invites.js';
export * from './units.js';
