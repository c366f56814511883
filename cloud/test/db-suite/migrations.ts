import { describe, expect, it } from 'vitest';
import { appliedMigrations, readMigrations } from '../../src/db/migrate.js';
import { isDatabaseEmpty } from '../../src/db/repos/seed.js';
import { isStartupError } from '../../src/kernel/errors.js';
import { type DbHarness, newerMigrationsFolder } from './harness.js';
import { newMunicipality } from './helpers.js';

/** Start-up migration: idempotent, and refusing a database newer code has migrated. */
export function migrationTests(harness: DbHarness): void {
  describe('migrations', () => {
    it('applies every committed migration, and opening again applies nothing more', async () => {
      const fresh = await harness.fresh();
      const known = readMigrations();
      expect(await appliedMigrations(fresh.database.db)).toHaveLength(known.length);
      await newMunicipality(fresh.database.db);
      await fresh.database.close();
      const again = await fresh.reopen();
      expect(await appliedMigrations(again.db)).toHaveLength(known.length);
      expect(await isDatabaseEmpty(again.db)).toBe(false);
    });

    it('refuses a database that a newer release has migrated, explaining what to do', async () => {
      const fresh = await harness.fresh();
      await fresh.database.close();
      const newer = await fresh.reopen({ migrationsFolder: await newerMigrationsFolder() });
      await newer.close();
      const error = await fresh.reopen().catch((e: unknown) => e);
      expect(isStartupError(error)).toBe(true);
      expect((error as Error).message).toMatch(/1 migration\(s\) applied that this version .* does not know/);
      expect((error as Error).message).toMatch(/newer release/);
    });
  });
}
