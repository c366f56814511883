import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import {
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../../db/index.js';
import type { ImportLookups, ImportPlan } from './validate.js';

const CHUNK = 100;

/** Reads what validation checks against, for one municipality. */
export async function loadLookups(db: Db, municipalityId: string): Promise<ImportLookups> {
  const [units, staff, memberships, citizens, enrolments] = await Promise.all([
    db
      .select({ id: unitsTable.id, name: unitsTable.name, kind: unitsTable.kind })
      .from(unitsTable)
      .where(eq(unitsTable.municipalityId, municipalityId)),
    db
      .select({ id: staffTable.id, username: staffTable.username })
      .from(staffTable)
      .where(eq(staffTable.municipalityId, municipalityId)),
    db
      .select({ staffId: unitMembershipsTable.staffId, unitId: unitMembershipsTable.unitId })
      .from(unitMembershipsTable)
      .innerJoin(staffTable, eq(staffTable.id, unitMembershipsTable.staffId))
      .where(eq(staffTable.municipalityId, municipalityId)),
    db
      .select({ id: citizensTable.id })
      .from(citizensTable)
      .where(eq(citizensTable.municipalityId, municipalityId)),
    db
      .select({ citizenId: citizenEnrolmentsTable.citizenId, unitId: citizenEnrolmentsTable.unitId })
      .from(citizenEnrolmentsTable)
      .innerJoin(citizensTable, eq(citizensTable.id, citizenEnrolmentsTable.citizenId))
      .where(and(eq(citizensTable.municipalityId, municipalityId), isNull(citizenEnrolmentsTable.endedAt))),
  ]);
  return {
    units,
    staff: new Map(staff.map((s) => [s.username.toLowerCase(), s.id])),
    memberships: new Set(memberships.map((m) => `${m.staffId}|${m.unitId}`)),
    citizens: new Set(citizens.map((c) => c.id)),
    openEnrolments: new Set(enrolments.map((e) => `${e.citizenId}|${e.unitId}`)),
  };
}

export interface WriteSummary {
  staff: number;
  citizens: number;
  enrolments: number;
}

/**
 * Writes a validated plan in ONE transaction (all rows or none: a failure part-way, a constraint or a lost
 * connection, rolls everything back). Ids are made here so rows can refer to each other without RETURNING order.
 * Imported staff have no password: they log in by SSO, or support sets one up (docs/operations.md).
 */
export async function writeImport(
  db: Db,
  input: { municipalityId: string; plan: ImportPlan; lookups: ImportLookups; at: Date },
  onProgress: (written: number) => void,
): Promise<WriteSummary> {
  const { plan, lookups, at, municipalityId } = input;
  let written = 0;
  const step = async (n: number) => {
    written += n;
    onProgress(written);
  };
  await db.transaction(async (tx) => {
    const staffIds = new Map(lookups.staff);
    const staffRows = plan.staff.map((s) => ({ ...s, id: randomUUID() }));
    for (const s of staffRows) staffIds.set(s.username, s.id);
    for (let i = 0; i < staffRows.length; i += CHUNK) {
      const chunk = staffRows.slice(i, i + CHUNK);
      await tx.insert(staffTable).values(
        chunk.map((s) => ({
          id: s.id,
          municipalityId,
          username: s.username,
          displayName: s.displayName,
          role: s.role,
          createdAt: at,
        })),
      );
      await tx
        .insert(unitMembershipsTable)
        .values(chunk.map((s) => ({ staffId: s.id, unitId: s.unitId, since: at })));
      await step(chunk.length);
    }
    const citizenIds = new Map<string, string>();
    const citizenRows = plan.citizens.map((c) => ({ ...c, id: randomUUID() }));
    for (const c of citizenRows) citizenIds.set(c.ref, c.id);
    for (let i = 0; i < citizenRows.length; i += CHUNK) {
      const chunk = citizenRows.slice(i, i + CHUNK);
      await tx.insert(citizensTable).values(
        chunk.map((c) => ({
          id: c.id,
          municipalityId,
          displayName: c.displayName,
          initials: c.initials,
          createdAt: at,
        })),
      );
      await step(chunk.length);
    }
    // A citizen row's own enrolment is part of that row; only relation rows count separately below.
    const relationLines = new Set(plan.staff.map((s) => s.line).concat(plan.citizens.map((c) => c.line)));
    for (let i = 0; i < plan.enrolments.length; i += CHUNK) {
      const chunk = plan.enrolments.slice(i, i + CHUNK);
      await tx.insert(citizenEnrolmentsTable).values(
        chunk.map((e) => ({
          citizenId: 'id' in e.citizen ? e.citizen.id : citizenIds.get(e.citizen.ref)!,
          unitId: e.unitId,
          guideStaffId: e.guide ? staffIds.get(e.guide)! : null,
          startedAt: at,
        })),
      );
      await step(chunk.filter((e) => !relationLines.has(e.line)).length);
    }
  });
  return { staff: plan.staff.length, citizens: plan.citizens.length, enrolments: plan.enrolments.length };
}
