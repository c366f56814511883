import { eq } from 'drizzle-orm';
import { type Db, municipalitiesTable, parseMunicipalitySettings } from '../db/index.js';
import type { Principal } from '../kernel/principal.js';

/**
 * The number under "Brug for hjælp?" on the citizen's page (settings `citizenHelpPhone`). A logged-in citizen gets
 * her own municipality's. Before login the page cannot know the municipality, so it gets the number only where the
 * installation serves one municipality (the bootstrap refuses a second unless told to, operations.md): a
 * citizen must never be sent to another municipality's desk. null: the page says "Ring til kommunens support".
 * Used by: GET /api/citizen/help.
 */
export async function citizenHelpPhone(db: Db, principal: Principal | null): Promise<string | null> {
  const rows = await db
    .select({ id: municipalitiesTable.id, settings: municipalitiesTable.settings })
    .from(municipalitiesTable)
    .where(principal?.kind === 'citizen' ? eq(municipalitiesTable.id, principal.municipalityId) : undefined)
    .limit(2);
  return rows.length === 1 ? parseMunicipalitySettings(rows[0]!.settings).citizenHelpPhone : null;
}
