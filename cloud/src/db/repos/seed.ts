import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import {
  citizenEnrolmentsTable,
  citizensTable,
  devicesTable,
  municipalitiesTable,
  poolCoverageTable,
  type StaffRole,
  staffTable,
  type UnitKind,
  unitMembershipsTable,
  unitsTable,
} from '../schema/index.js';
import { appendAudit } from './audit.js';

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const rows = await db.select({ id: municipalitiesTable.id }).from(municipalitiesTable).limit(1);
  return rows.length === 0;
}

export const DEMO_DEVICE_LABEL = 'DEMO-KIOSK-1';
export const DEMO_MUNICIPALITY_NAME = 'Demo Kommune';

/** Fictional demo people (Danish-looking names, no real persons). Keys tie staff and citizens to units. */
const UNITS: Record<string, { kind: UnitKind; name: string }> = {
  homeCare: { kind: 'home_care_team', name: 'Hjemmeplejen Nørrebro' },
  guidance: { kind: 'home_guidance', name: 'Hjemmevejledningen Amager' },
  facility: { kind: 'facility', name: 'Plejecenter Solbakken' },
  nightWatch: { kind: 'night_watch_pool', name: 'Nattevagten Solbakken' },
  support: { kind: 'support', name: 'Digital support' },
};
const STAFF: { username: string; displayName: string; role: StaffRole; unit: string }[] = [
  { username: 'mette.larsen', displayName: 'Mette Larsen', role: 'unit_manager', unit: 'homeCare' },
  { username: 'jonas.nielsen', displayName: 'Jonas Nielsen', role: 'staff', unit: 'homeCare' },
  { username: 'karen.holm', displayName: 'Karen Holm', role: 'staff', unit: 'guidance' },
  { username: 'lars.poulsen', displayName: 'Lars Poulsen', role: 'staff', unit: 'nightWatch' },
  { username: 'ida.christensen', displayName: 'Ida Christensen', role: 'staff', unit: 'nightWatch' },
  { username: 'sofie.berg', displayName: 'Sofie Berg', role: 'support', unit: 'support' },
  // Issue 12 §4-5: the municipality's system administrator (settings at /admin/) and our own 2nd line.
  { username: 'henrik.dahl', displayName: 'Henrik Dahl', role: 'system_admin', unit: 'support' },
  { username: 'nina.vestergaard', displayName: 'Nina Vestergaard', role: 'vendor_support', unit: 'support' },
];
const CITIZENS: { displayName: string; unit: string; guide?: string }[] = [
  { displayName: 'Else Mortensen', unit: 'homeCare' },
  { displayName: 'Poul Andersen', unit: 'homeCare' },
  { displayName: 'Inger Rasmussen', unit: 'homeCare' },
  { displayName: 'Birthe Sørensen', unit: 'guidance', guide: 'karen.holm' },
  { displayName: 'Aase Pedersen', unit: 'facility' },
  { displayName: 'Knud Olsen', unit: 'facility' },
  { displayName: 'Grethe Thomsen', unit: 'facility' },
];
/** The resident who has the demo kiosk. */
const DEMO_DEVICE_HOLDER = 'Aase Pedersen';

export interface DemoSummary {
  municipalityId: string;
  staff: { id: string; username: string; role: StaffRole }[];
  deviceId: string;
  deviceLabel: string;
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}

/**
 * Creates "Demo Kommune" when the database is empty; returns null (and writes nothing) otherwise. An advisory
 * lock makes two instances starting together seed once. Every staff user gets an argon2id hash of the one
 * demo `password` (each with its own salt).
 */
export async function seedDemo(
  db: Db,
  options: {
    now: Date;
    password: string;
    /** The demo start's short idle timeout (node/demo-tour.ts); unset: the schema's default. */
    idleTimeoutMinutes?: number;
  },
): Promise<DemoSummary | null> {
  const hashes = await Promise.all(STAFF.map(() => hash(options.password)));
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('screenvisit.seed'))`);
    if (!(await isDatabaseEmpty(tx))) return null;
    const { now } = options;
    const [municipality] = await tx
      .insert(municipalitiesTable)
      .values({
        name: DEMO_MUNICIPALITY_NAME,
        createdAt: now,
        // The demo runs on one machine; a real municipality lists its own networks (docs/security.md).
        settings: {
          staffNetworks: ['127.0.0.0/8', '::1/128'],
          // A made-up number (not a real line): the letter, SMS and the citizen's page show where it goes.
          citizenHelpPhone: '12 34 56 78',
          ...(options.idleTimeoutMinutes !== undefined
            ? { idleTimeoutMinutes: options.idleTimeoutMinutes }
            : {}),
        },
      })
      .returning();
    const municipalityId = municipality!.id;
    const unitKeys = Object.keys(UNITS);
    const units = await tx
      .insert(unitsTable)
      .values(unitKeys.map((key) => ({ municipalityId, ...UNITS[key]!, createdAt: now })))
      .returning({ id: unitsTable.id });
    const unitId = (key: string) => units[unitKeys.indexOf(key)]!.id;

    const staff = await tx
      .insert(staffTable)
      .values(
        STAFF.map((s, i) => ({
          municipalityId,
          username: s.username,
          displayName: s.displayName,
          role: s.role,
          passwordHash: hashes[i],
          passwordChangedAt: now,
          createdAt: now,
        })),
      )
      .returning({ id: staffTable.id, username: staffTable.username, role: staffTable.role });
    const staffId = (username: string) => staff.find((s) => s.username === username)!.id;
    await tx
      .insert(unitMembershipsTable)
      .values(STAFF.map((s) => ({ staffId: staffId(s.username), unitId: unitId(s.unit), since: now })));

    const citizens = await tx
      .insert(citizensTable)
      .values(
        CITIZENS.map((c) => ({
          municipalityId,
          displayName: c.displayName,
          initials: initials(c.displayName),
          createdAt: now,
        })),
      )
      .returning({ id: citizensTable.id });
    await tx.insert(citizenEnrolmentsTable).values(
      CITIZENS.map((c, i) => ({
        citizenId: citizens[i]!.id,
        unitId: unitId(c.unit),
        guideStaffId: c.guide ? staffId(c.guide) : null,
        startedAt: now,
      })),
    );
    await tx
      .insert(poolCoverageTable)
      .values({ poolUnitId: unitId('nightWatch'), facilityUnitId: unitId('facility') });

    const holder = citizens[CITIZENS.findIndex((c) => c.displayName === DEMO_DEVICE_HOLDER)]!.id;
    const [device] = await tx
      .insert(devicesTable)
      .values({
        municipalityId,
        label: DEMO_DEVICE_LABEL,
        lifecycle: 'registered',
        citizenId: holder,
        createdAt: now,
      })
      .returning({ id: devicesTable.id });
    await appendAudit(tx, { municipalityId, at: now, actorKind: 'system', action: 'demo.seeded' });
    return { municipalityId, staff, deviceId: device!.id, deviceLabel: DEMO_DEVICE_LABEL };
  });
}
