import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceConfig } from '@screenvisit/protocol';
import { eq } from 'drizzle-orm';
import {
  type Db,
  DEMO_MUNICIPALITY_NAME,
  municipalitiesTable,
  parseMunicipalitySettings,
} from '../db/index.js';

/**
 * The demo municipality's idle timeout, so the README's tour "leave the console idle past the municipality's idle
 * timeout and it locks" is reached without waiting the production default's 15 minutes or changing it at /admin/.
 * Not shorter: the same timeout logs support and staff out when idle (their pages' refreshes are passive), with a
 * warning at half the timeout when it is this short (idle.ts warningLeadMs) — at 2 minutes the warning would come
 * after 1 minute of reading a page; at 3 it comes after 2, with 60 s to press "Bliv logget ind".
 * Demo only: bootstrap and the schema's default (municipality-settings.ts) keep 15.
 */
export const DEMO_IDLE_TIMEOUT_MINUTES = 3;

/**
 * The demo kiosk's own quiet hours (DeviceConfig.quietHours, issue 11 §5): the same 22–07 as its borrower's
 * auto-answer policy (seed-care.ts), so the tour shows them where support sees the kiosk's settings. In them the
 * kiosk rings softly (device/src/quiet-hours.ts QUIET_RING_VOLUME) and never answers by itself.
 */
export const DEMO_KIOSK_QUIET_HOURS = { start: '22:00', end: '07:00' } as const satisfies NonNullable<
  DeviceConfig['quietHours']
>;

/** What `npm start` prints about the demo beside the logins (scripts/start.ts reads it). */
export const DEMO_TOUR_FILE = 'demo-tour.json';

/**
 * Written at every demo start from what is stored now, so the banner says the timeout in force, also after
 * someone changed it at /admin/.
 */
export async function writeDemoTourFile(db: Db, dataDir: string): Promise<void> {
  const [m] = await db
    .select({ settings: municipalitiesTable.settings })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.name, DEMO_MUNICIPALITY_NAME));
  if (!m) return;
  const { idleTimeoutMinutes } = parseMunicipalitySettings(m.settings);
  writeFileSync(join(dataDir, DEMO_TOUR_FILE), `${JSON.stringify({ idleTimeoutMinutes })}\n`);
}
