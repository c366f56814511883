import { and, eq, isNull } from 'drizzle-orm';
import {
  citizensTable,
  type Db,
  dayPlanSlotsTable,
  devicesTable,
  municipalitiesTable,
  nightWatchCallsTable,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import type { Party } from './types.js';

/** The database look-ups the router needs; each one is a single indexed read. */

export interface Person {
  municipalityId: string;
  displayName: string;
}

export async function loadPerson(db: Db, party: Party): Promise<Person | null> {
  const table = party.kind === 'staff' ? staffTable : citizensTable;
  const [row] = await db
    .select({ municipalityId: table.municipalityId, displayName: table.displayName })
    .from(table)
    .where(eq(table.id, party.id));
  return row ?? null;
}

export async function timeZoneOf(db: Db, municipalityId: string): Promise<string> {
  const [row] = await db
    .select({ timeZone: municipalitiesTable.timeZone })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, municipalityId));
  return row?.timeZone ?? 'Europe/Copenhagen';
}

/** A kiosk acts for the citizen it is assigned to; an unassigned or revoked kiosk acts for nobody. */
export async function citizenOfDevice(
  db: Db,
  deviceId: string,
): Promise<{ citizenId: string; municipalityId: string } | null> {
  const [row] = await db
    .select({ citizenId: devicesTable.citizenId, municipalityId: devicesTable.municipalityId })
    .from(devicesTable)
    .where(and(eq(devicesTable.id, deviceId), isNull(devicesTable.credentialRevokedAt)));
  return row?.citizenId ? { citizenId: row.citizenId, municipalityId: row.municipalityId } : null;
}

export async function devicesOfCitizen(db: Db, citizenId: string): Promise<string[]> {
  const rows = await db
    .select({ id: devicesTable.id })
    .from(devicesTable)
    .where(and(eq(devicesTable.citizenId, citizenId), isNull(devicesTable.credentialRevokedAt)));
  return rows.map((r) => r.id);
}

export async function unitOf(db: Db, unitId: string) {
  const [row] = await db
    .select({ kind: unitsTable.kind, municipalityId: unitsTable.municipalityId })
    .from(unitsTable)
    .where(eq(unitsTable.id, unitId));
  return row ?? null;
}

export async function membersOf(db: Db, unitId: string): Promise<string[]> {
  const rows = await db
    .select({ staffId: unitMembershipsTable.staffId })
    .from(unitMembershipsTable)
    .innerJoin(staffTable, eq(staffTable.id, unitMembershipsTable.staffId))
    .where(and(eq(unitMembershipsTable.unitId, unitId), isNull(staffTable.disabledAt)));
  return rows.map((r) => r.staffId);
}

export async function staffName(db: Db, staffId: string): Promise<string | null> {
  const [row] = await db
    .select({ displayName: staffTable.displayName })
    .from(staffTable)
    .where(eq(staffTable.id, staffId));
  return row?.displayName ?? null;
}

/** Who won a night-watch call (for "taken by …" to a console that lost the race). */
export async function winnerOf(db: Db, nwCallId: string): Promise<string | null> {
  const [row] = await db
    .select({ displayName: staffTable.displayName })
    .from(nightWatchCallsTable)
    .innerJoin(staffTable, eq(staffTable.id, nightWatchCallsTable.acceptedBy))
    .where(eq(nightWatchCallsTable.id, nwCallId));
  return row?.displayName ?? null;
}

/** A slot id is kept only when it is a slot of this municipality for this citizen (else the record drops it). */
export async function slotBelongs(
  db: Db,
  slotId: string,
  municipalityId: string,
  citizenId: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: dayPlanSlotsTable.id })
    .from(dayPlanSlotsTable)
    .where(
      and(
        eq(dayPlanSlotsTable.id, slotId),
        eq(dayPlanSlotsTable.municipalityId, municipalityId),
        eq(dayPlanSlotsTable.citizenId, citizenId),
      ),
    );
  return row !== undefined;
}
