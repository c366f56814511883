import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { pgliteHarness } from '../../test/db-suite/harness.js';
import { dbTests } from '../../test/db-suite/index.js';
import { registerDevice } from './repos/devices.js';
import { devicesTable, municipalitiesTable } from './schema/index.js';

describe('data layer on embedded PGlite', () => {
  const harness = pgliteHarness();
  dbTests(harness);

  it('keeps what was written after closing and reopening the same data dir', async () => {
    const fresh = await harness.fresh();
    const [m] = await fresh.database.db
      .insert(municipalitiesTable)
      .values({ name: 'Vedvarende' })
      .returning();
    const device = await registerDevice(fresh.database.db, { municipalityId: m!.id, label: 'KBH-0100' });
    await fresh.database.close();

    const reopened = await fresh.reopen();
    expect(reopened.kind).toBe('pglite');
    const [row] = await reopened.db.select().from(devicesTable).where(eq(devicesTable.id, device.id));
    expect(row).toMatchObject({ label: 'KBH-0100', municipalityId: m!.id });
  });
});
