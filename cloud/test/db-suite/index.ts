import { afterAll, beforeAll } from 'vitest';
import { deviceTests } from './devices.js';
import type { DbHarness } from './harness.js';
import { migrationTests } from './migrations.js';
import { outboxAndAuditTests } from './outbox-audit.js';
import { seedTests } from './seed.js';
import { unnestTests } from './unnest.js';

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
  unnestTests(harness);
}
