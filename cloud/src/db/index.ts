/** The cloud's data layer: open + migrate, the schema, and the repository functions actions call. */
export type { Database, DatabaseKind, Db, Schema } from './database.js';
export { MIGRATIONS_FOLDER } from './migrate.js';
export { type OpenDatabaseOptions, openDatabase } from './open.js';
export { describeDatabaseUrl } from './postgres.js';
export * from './repos/audit.js';
export * from './repos/citizen-activity.js';
export * from './repos/citizen-credentials.js';
export * from './repos/citizen-labels.js';
export * from './repos/collect-wipe.js';
export * from './repos/devices.js';
export * from './repos/duty-periods.js';
export * from './repos/kiosk-loans.js';
export * from './repos/night-watch-calls.js';
export * from './repos/outbox.js';
export { ENROLMENT_ALPHABET } from './repos/secrets.js';
export * from './repos/seed.js';
export * from './schema/index.js';
export * from './schema/municipality-settings.js';
