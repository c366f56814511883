import { eq } from 'drizzle-orm';
import { type Db, type IdentityProviderRow, identityProvidersTable } from '../../db/index.js';

export async function findIdentityProvider(
  db: Db,
  municipalityId: string,
): Promise<IdentityProviderRow | null> {
  const [row] = await db
    .select()
    .from(identityProvidersTable)
    .where(eq(identityProvidersTable.municipalityId, municipalityId));
  return row ?? null;
}

export async function findIdentityProviderById(db: Db, id: string): Promise<IdentityProviderRow | null> {
  const [row] = await db.select().from(identityProvidersTable).where(eq(identityProvidersTable.id, id));
  return row ?? null;
}

export type IdentityProviderValues = Omit<
  typeof identityProvidersTable.$inferInsert,
  'id' | 'municipalityId' | 'createdAt' | 'updatedAt'
>;

/** One IdP per municipality: insert, or replace the existing one's settings. */
export async function upsertIdentityProvider(
  db: Db,
  municipalityId: string,
  values: IdentityProviderValues,
  now: Date,
): Promise<IdentityProviderRow> {
  const [row] = await db
    .insert(identityProvidersTable)
    .values({ ...values, municipalityId, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: identityProvidersTable.municipalityId,
      set: { ...values, updatedAt: now },
    })
    .returning();
  return row!;
}
