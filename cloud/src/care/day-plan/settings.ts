import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { careSettingsTable, type Db } from '../../db/index.js';

/**
 * Estimated staff minutes saved by one COMPLETED screen call of each type, versus a physical visit (travel and
 * shorter, more focused contact). ASSUMPTIONS, to be replaced by each municipality's own measurements:
 * Copenhagen's business case "online hjemmepleje via skærmbesøg" (/work/shared/seeds/004_*.txt, §Økonomi)
 * assumes on average 10 min/week per citizen from reduced travel time ("reduceret vejtid") plus 15 min/week
 * from 2017 and 20 min/week from 2019 from reduced delivered time ("mere fokuserede samtaler"), and its success
 * criterion is that assessed time falls by 15 minutes per citizen per week on average. The per-type defaults
 * below (a short medicine or training check replaces a visit's travel plus some contact time; a longer
 * conversation replaces more) are the customer's suggested starting values, not measurements.
 */
export const DEFAULT_MINUTES_SAVED = {
  medicine: 20,
  reassurance: 15,
  conversation: 25,
  training: 20,
} as const;

const Minutes = z.number().int().min(0).max(240);
export const CareSettings = z
  .object({
    minutesSavedPerCall: z
      .object({
        medicine: Minutes.default(DEFAULT_MINUTES_SAVED.medicine),
        reassurance: Minutes.default(DEFAULT_MINUTES_SAVED.reassurance),
        conversation: Minutes.default(DEFAULT_MINUTES_SAVED.conversation),
        training: Minutes.default(DEFAULT_MINUTES_SAVED.training),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type CareSettings = z.output<typeof CareSettings>;

export async function loadCareSettings(db: Db, municipalityId: string): Promise<CareSettings> {
  const [row] = await db
    .select()
    .from(careSettingsTable)
    .where(eq(careSettingsTable.municipalityId, municipalityId));
  return CareSettings.parse(row?.settings ?? {});
}

export async function saveCareSettings(
  db: Db,
  municipalityId: string,
  input: z.input<typeof CareSettings>,
  at: Date,
): Promise<CareSettings> {
  const settings = CareSettings.parse(input);
  await db
    .insert(careSettingsTable)
    .values({ municipalityId, settings, updatedAt: at })
    .onConflictDoUpdate({ target: careSettingsTable.municipalityId, set: { settings, updatedAt: at } });
  return settings;
}
