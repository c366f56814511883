import { and, eq, sql } from 'drizzle-orm';
import {
  type Db,
  type MunicipalitySettings,
  municipalitiesTable,
  parseMunicipalitySettings,
  staffTable,
} from '../../db/index.js';

export interface LoginCandidate {
  id: string;
  municipalityId: string;
  username: string;
  displayName: string;
  passwordHash: string | null;
  passwordChangedAt: Date | null;
  disabledAt: Date | null;
  settings: MunicipalitySettings;
}

/**
 * Usernames are unique per municipality. The login form may name the municipality (its id); without it the
 * username is looked up in every municipality and must match exactly one (case-insensitively).
 */
export async function findLoginCandidates(
  db: Db,
  username: string,
  municipalityId: string | undefined,
): Promise<LoginCandidate[]> {
  const rows = await db
    .select({ staff: staffTable, settings: municipalitiesTable.settings })
    .from(staffTable)
    .innerJoin(municipalitiesTable, eq(municipalitiesTable.id, staffTable.municipalityId))
    .where(
      and(
        sql`lower(${staffTable.username}) = ${username.normalize('NFC').trim().toLowerCase()}`,
        municipalityId ? eq(staffTable.municipalityId, municipalityId) : undefined,
      ),
    )
    .limit(2);
  return rows.map(({ staff, settings }) => ({
    id: staff.id,
    municipalityId: staff.municipalityId,
    username: staff.username,
    displayName: staff.displayName,
    passwordHash: staff.passwordHash,
    passwordChangedAt: staff.passwordChangedAt,
    disabledAt: staff.disabledAt,
    settings: parseMunicipalitySettings(settings),
  }));
}

export async function municipalityNetworks(db: Db, municipalityId: string): Promise<string[]> {
  const [row] = await db
    .select({ settings: municipalitiesTable.settings })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, municipalityId));
  return row ? parseMunicipalitySettings(row.settings).staffNetworks : [];
}

export async function allStaffNetworks(db: Db): Promise<string[]> {
  const rows = await db.select({ settings: municipalitiesTable.settings }).from(municipalitiesTable);
  return rows.flatMap((r) => parseMunicipalitySettings(r.settings).staffNetworks);
}
