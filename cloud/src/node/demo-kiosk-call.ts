import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { createSlot } from '../care/day-plan/slots.js';
import {
  citizensTable,
  type Db,
  municipalitiesTable,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';

/** Who calls the demo kiosk in the README's tour (issue 11 §6). */
export const DEMO_KIOSK_CALLER = 'jonas.nielsen';
const DEMO_KIOSK_CITIZEN = 'Aase Pedersen';

/**
 * Demo mode only (`npm start`), after seedCareDemo: the demo kiosk's citizen lives at the facility, where no
 * demo staff member worked, so nobody could call the kiosk. Jonas Nielsen also works day shifts at the
 * facility (a unit membership: the permission rule `facility_staff`) and has her in today's plan at 11:00.
 */
export async function letDemoStaffCallTheKiosk(db: Db, municipalityId: string, now: Date): Promise<void> {
  const [m] = await db.select().from(municipalitiesTable).where(eq(municipalitiesTable.id, municipalityId));
  const [facility] = await db
    .select()
    .from(unitsTable)
    .where(and(eq(unitsTable.municipalityId, municipalityId), eq(unitsTable.kind, 'facility')));
  const [jonas] = await db
    .select()
    .from(staffTable)
    .where(and(eq(staffTable.municipalityId, municipalityId), eq(staffTable.username, DEMO_KIOSK_CALLER)));
  const [aase] = await db
    .select()
    .from(citizensTable)
    .where(
      and(
        eq(citizensTable.municipalityId, municipalityId),
        eq(citizensTable.displayName, DEMO_KIOSK_CITIZEN),
      ),
    );
  if (!m || !facility || !jonas || !aase) return;
  await db.insert(unitMembershipsTable).values({ staffId: jonas.id, unitId: facility.id, since: now });
  await createSlot(
    db,
    {
      municipalityId,
      citizenId: aase.id,
      unitId: facility.id,
      staffId: jonas.id,
      type: 'reassurance',
      date: DateTime.fromJSDate(now, { zone: m.timeZone }).toISODate()!,
      time: '11:00',
    },
    m.timeZone,
    now,
  );
}
