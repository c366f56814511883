/** Everything drizzle-kit generates migrations from, and the schema given to drizzle for `db.query`. */
export * from './audit-log.js';
export * from './citizens.js';
export * from './devices.js';
export * from './enums.js';
export * from './municipalities.js';
export * from './sessions.js';
export * from './staff.js';
export * from './units.js';
