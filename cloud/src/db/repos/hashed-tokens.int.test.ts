import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLog } from '../../../test/db-suite/harness.js';
import type { Database } from '../database.js';
import { openDatabase } from '../open.js';
import { alertTokensTable, municipalitiesTable, scimTokensTable } from '../schema/index.js';
import { hashedTokenStore } from './hashed-tokens.js';

/** The one store behind the SCIM tokens and the alert tokens (PGlite; the routes are tested through their features). */
describe('hashed-token store', () => {
  let dataDir = '';
  let db: Database;
  let home = '';
  let other = '';
  const scim = hashedTokenStore(scimTokensTable, 'svscim_');
  const alerts = hashedTokenStore(alertTokensTable, 'svalert_');
  const now = new Date('2026-12-03T12:00:00Z');

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sv-tokens-'));
    db = await openDatabase({ dataDir, log: silentLog });
    const rows = await db.db
      .insert(municipalitiesTable)
      .values([{ name: 'Hjem Kommune' }, { name: 'Anden Kommune' }])
      .returning();
    home = rows[0]!.id;
    other = rows[1]!.id;
  });
  afterAll(async () => {
    await db?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stores only the hash, resolves its own token to its municipality and notes the use', async () => {
    const { id, token } = await scim.create(db.db, {
      municipalityId: home,
      label: 'entra',
      createdByStaffId: null,
      now,
    });
    expect(token).toMatch(/^svscim_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.db.select().from(scimTokensTable).where(eq(scimTokensTable.id, id));
    expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.tokenHash).not.toContain(token.slice(7, 20));

    const later = new Date(now.getTime() + 60_000);
    expect(await scim.resolve(db.db, `Bearer ${token}`, later)).toEqual({
      tokenId: id,
      municipalityId: home,
    });
    const [used] = await scim.list(db.db, home);
    expect(used).toMatchObject({ id, label: 'entra', lastUsedAt: later, revokedAt: null });
    expect(used).not.toHaveProperty('tokenHash');
  });

  it('never resolves a token of the other store, nor a malformed header', async () => {
    const alert = await alerts.create(db.db, {
      municipalityId: home,
      label: 'pager',
      createdByStaffId: null,
      now,
    });
    const scimToken = await scim.create(db.db, {
      municipalityId: home,
      label: 'idp',
      createdByStaffId: null,
      now,
    });
    expect(alert.token).toMatch(/^svalert_/);
    expect(await scim.resolve(db.db, `Bearer ${alert.token}`, now)).toBeNull();
    expect(await alerts.resolve(db.db, `Bearer ${scimToken.token}`, now)).toBeNull();
    expect(await alerts.resolve(db.db, `Bearer ${alert.token}`, now)).toMatchObject({ tokenId: alert.id });
    for (const header of [undefined, '', alert.token, `Basic ${alert.token}`, `Bearer ${alert.token} x`]) {
      expect(await alerts.resolve(db.db, header, now), String(header)).toBeNull();
    }
    // A made-up token with the right prefix finds nothing.
    expect(await alerts.resolve(db.db, 'Bearer svalert_made-up', now)).toBeNull();
  });

  it('revokes only within the municipality, once, and a revoked token stops resolving', async () => {
    const { id, token } = await alerts.create(db.db, {
      municipalityId: home,
      label: 'revoke-me',
      createdByStaffId: null,
      now,
    });
    expect(await alerts.revoke(db.db, other, id, now)).toBe(false);
    expect(await alerts.list(db.db, other)).toEqual([]);
    expect(await alerts.revoke(db.db, home, id, now)).toBe(true);
    expect(await alerts.revoke(db.db, home, id, now)).toBe(false);
    expect(await alerts.resolve(db.db, `Bearer ${token}`, now)).toBeNull();
    expect((await alerts.list(db.db, home)).find((t) => t.id === id)?.revokedAt).toEqual(now);
  });
});
