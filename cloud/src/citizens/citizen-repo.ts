import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { type CitizenSecurityLevel, citizenSecurityTable, citizensTable, type Db } from '../db/index.js';

export type CitizenRow = typeof citizensTable.$inferSelect;

export async function insertCitizen(
  db: Db,
  input: {
    municipalityId: string;
    displayName: string;
    initials?: string | undefined;
    photoRef?: string | undefined;
  },
): Promise<CitizenRow> {
  const [row] = await db
    .insert(citizensTable)
    .values({
      municipalityId: input.municipalityId,
      displayName: input.displayName,
      initials: input.initials ?? null,
      photoRef: input.photoRef ?? null,
    })
    .returning();
  return row!;
}

/** Scoped: a citizen of another municipality is simply not found (no hint that the id exists). */
export async function findCitizen(
  db: Db,
  municipalityId: string,
  id: string,
): Promise<CitizenRow | undefined> {
  const [row] = await db
    .select()
    .from(citizensTable)
    .where(and(eq(citizensTable.id, id), eq(citizensTable.municipalityId, municipalityId)));
  return row;
}

export interface CitizenSecurity {
  level: CitizenSecurityLevel;
  pinHash: string | null;
  /** Open it with openCitizenTotpSecret (citizens/totp-secret.ts). */
  totpSecretSealed: string | null;
  totpLastStep: number | null;
}

export async function getSecurity(db: Db, citizenId: string): Promise<CitizenSecurity> {
  const [row] = await db
    .select()
    .from(citizenSecurityTable)
    .where(eq(citizenSecurityTable.citizenId, citizenId));
  return row ?? { level: 'device_bound', pinHash: null, totpSecretSealed: null, totpLastStep: null };
}

export async function putSecurity(
  db: Db,
  citizenId: string,
  value: { level: CitizenSecurityLevel; pinHash: string | null; totpSecretSealed: string | null },
  now: Date,
): Promise<void> {
  const row = { ...value, totpLastStep: null, updatedAt: now };
  await db
    .insert(citizenSecurityTable)
    .values({ citizenId, ...row })
    .onConflictDoUpdate({ target: citizenSecurityTable.citizenId, set: row });
}

/** Records the accepted TOTP step only if it is newer, so two racing requests cannot both use one code. */
export async function claimTotpStep(db: Db, citizenId: string, step: number): Promise<boolean> {
  const rows = await db
    .update(citizenSecurityTable)
    .set({ totpLastStep: step })
    .where(
      and(
        eq(citizenSecurityTable.citizenId, citizenId),
        or(isNull(citizenSecurityTable.totpLastStep), lt(citizenSecurityTable.totpLastStep, step)),
      ),
    )
    .returning({ id: citizenSecurityTable.citizenId });
  return rows.length === 1;
}

export async function updateCitizen(
  db: Db,
  municipalityId: string,
  id: string,
  patch: { displayName?: string | undefined; initials?: string | null | undefined },
): Promise<CitizenRow | undefined> {
  const set = {
    ...(patch.displayName === undefined ? {} : { displayName: patch.displayName }),
    ...(patch.initials === undefined ? {} : { initials: patch.initials }),
  };
  if (Object.keys(set).length === 0) return findCitizen(db, municipalityId, id);
  const [row] = await db
    .update(citizensTable)
    .set(set)
    .where(and(eq(citizensTable.id, id), eq(citizensTable.municipalityId, municipalityId)))
    .returning();
  return row;
}
