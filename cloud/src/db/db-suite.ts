import { afterAll, beforeAll } from 'vitest';
import { deviceTests } from './suite/devices.js';
import type { DbHarness } from './suite/harness.js';
import { migrationTests } from './suite/migrations.js';
import { outboxAndAuditTests } from './suite/outbox-audit.js';
import { seedTests } from './suite/seed.js';

/**
 * The data layer's behaviour, declared once and run against every driver (drizzle's pg-common.ts pattern):
 * the embedded PGlite and a real PostgreSQL server must not differ in anything the cloud relies on.
 */
export function dbTests(harness: DbHarness): void {
  beforeAll(() => harness.setup());
  afterAll(() => harness.teardown());
  migrationTests(harness);
  deviceTests(harness);
  outboxAndAuditTests(harness);
  seedTests(harness);
}
