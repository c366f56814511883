import { describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../../test/postgres-database.js';
import { startTestCloud } from '../../test/test-cloud.js';

/** 2nd line reads a node's start in the journal: each thing worth a warning is said once. */
describe.runIf((await testDatabaseKind()) === 'postgres')(
  'a node starting on PostgreSQL without SECRETS_KEY',
  () => {
    it('warns once that the TOTP key lives in DATA_DIR', async () => {
      const t = await startTestCloud();
      try {
        expect(t.config.DATABASE_URL).toBeTruthy();
        const said = t.logs.filter((l) => String(l.msg).startsWith('SECRETS_KEY is not set'));
        expect(said).toHaveLength(1);
        expect(said[0]?.level).toBe(40);
      } finally {
        await t.close();
      }
    });
  },
);
