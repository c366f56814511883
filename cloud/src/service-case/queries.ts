import { and, asc, eq, inArray, isNotNull, isNull, min, ne, notInArray, or } from 'drizzle-orm';
import { noMediaCallIds } from '../care/index.js';
import {
  callRecordsTable,
  citizenEnrolmentsTable,
  citizensTable,
  type Db,
  devicesTable,
  serviceCaseEventsTable,
  serviceCasesTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { Principal } from '../kernel/principal.js';
import { type FollowUpPolicy, nextEvaluationAt, type Overdue, overdue } from './follow-up.js';
import { CASE_TRANSITIONS, type CaseEventType, type Stage } from './transitions.js';

export type CaseRow = typeof serviceCasesTable.$inferSelect;

/** One case as the page shows it: names are looked up, never copied into the case (minimum data). */
export interface CaseView {
  id: string;
  citizenId: string;
  citizenName: string;
  stage: Stage;
  referredBy: string;
  referredAt: string;
  scenario: CaseRow['scenario'];
  deviceChoice: CaseRow['deviceChoice'];
  unitId: string | null;
  unitName: string | null;
  deviceId: string | null;
  deviceLabel: string | null;
  deviceLifecycle: string | null;
  installedAt: string | null;
  /** The first call with the citizen that connected, on or after installation ("first successful call"). */
  firstConnectedCallAt: string | null;
  evaluationsDone: number;
  nextEvaluationAt: string | null;
  endedAt: string | null;
  deviceReturnedAt: string | null;
  overdue: Overdue[];
  /** The transitions the table allows from this stage (what the page offers). */
  allowed: CaseEventType[];
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * A unit manager sees cases not yet assigned (the referral queue), cases assigned to one of their units, and
 * cases of citizens enrolled in one of them; support sees every case of the municipality.
 */
async function scopeFilter(db: Db, principal: Principal) {
  const own = eq(serviceCasesTable.municipalityId, principal.municipalityId);
  if (principal.role === 'support') return own;
  const units = db
    .select({ id: unitMembershipsTable.unitId })
    .from(unitMembershipsTable)
    .where(eq(unitMembershipsTable.staffId, principal.id));
  const citizens = db
    .select({ id: citizenEnrolmentsTable.citizenId })
    .from(citizenEnrolmentsTable)
    .where(inArray(citizenEnrolmentsTable.unitId, units));
  return and(
    own,
    or(
      isNull(serviceCasesTable.unitId),
      inArray(serviceCasesTable.unitId, units),
      inArray(serviceCasesTable.citizenId, citizens),
    ),
  );
}

export async function listCases(
  db: Db,
  principal: Principal,
  now: Date,
  policy: FollowUpPolicy,
  caseId?: string,
): Promise<CaseView[]> {
  const where = await scopeFilter(db, principal);
  const rows = await db
    .select({
      c: serviceCasesTable,
      citizenName: citizensTable.displayName,
      unitName: unitsTable.name,
      deviceLabel: devicesTable.label,
      deviceLifecycle: devicesTable.lifecycle,
    })
    .from(serviceCasesTable)
    .innerJoin(citizensTable, eq(citizensTable.id, serviceCasesTable.citizenId))
    .leftJoin(unitsTable, eq(unitsTable.id, serviceCasesTable.unitId))
    .leftJoin(devicesTable, eq(devicesTable.id, serviceCasesTable.deviceId))
    .where(caseId ? and(where, eq(serviceCasesTable.id, caseId)) : where)
    .orderBy(asc(serviceCasesTable.referredAt));
  // The municipality's follow-up times as they are NOW: the stored date is when the case last moved, so a changed
  // setting (PUT /api/settings) also moves the open cases' next evaluation.
  const next = (c: CaseRow) =>
    c.stage !== 'ended' && c.installedAt ? nextEvaluationAt(c.installedAt, c.evaluationsDone, policy) : null;
  const firstCalls = await firstConnectedCalls(
    db,
    rows.map((r) => ({ citizenId: r.c.citizenId, deviceId: r.c.deviceId })),
  );
  return rows.map(({ c, ...r }) => {
    const first = firstCalls.get(c.citizenId);
    return {
      id: c.id,
      citizenId: c.citizenId,
      citizenName: r.citizenName,
      stage: c.stage,
      referredBy: c.referredBy,
      referredAt: c.referredAt.toISOString(),
      scenario: c.scenario,
      deviceChoice: c.deviceChoice,
      unitId: c.unitId,
      unitName: r.unitName,
      deviceId: c.deviceId,
      deviceLabel: r.deviceLabel,
      deviceLifecycle: r.deviceLifecycle,
      installedAt: iso(c.installedAt),
      firstConnectedCallAt: c.installedAt && first && first >= c.installedAt ? first.toISOString() : null,
      evaluationsDone: c.evaluationsDone,
      nextEvaluationAt: iso(next(c)),
      endedAt: iso(c.endedAt),
      deviceReturnedAt: iso(c.deviceReturnedAt),
      overdue: overdue({ ...c, nextEvaluationAt: next(c) }, now, policy),
      allowed: (Object.keys(CASE_TRANSITIONS) as CaseEventType[]).filter((e) =>
        CASE_TRANSITIONS[e].from.includes(c.stage),
      ),
    };
  });
}

/** One case in the principal's scope (404 otherwise, also across municipalities). */
export async function caseInScope(db: Db, principal: Principal, caseId: string): Promise<CaseRow> {
  const [row] = await db
    .select()
    .from(serviceCasesTable)
    .where(and(await scopeFilter(db, principal), eq(serviceCasesTable.id, caseId)));
  if (!row) throw AppError.notFound('Service case');
  return row;
}

/**
 * The first connected call of each case's citizen. A call to or from the case's loan kiosk names the DEVICE as
 * its party (the kiosk is the callee of a planned visit and the caller of its night-watch button), so the case's
 * device counts as the citizen; the caller compares the result with `installedAt`, after which the kiosk is theirs.
 */
async function firstConnectedCalls(
  db: Db,
  cases: readonly { citizenId: string; deviceId: string | null }[],
): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  const citizenOf = new Map<string, string>();
  for (const c of cases) {
    citizenOf.set(c.citizenId, c.citizenId);
    if (c.deviceId) citizenOf.set(c.deviceId, c.citizenId);
  }
  if (citizenOf.size === 0) return out;
  const ids = [...citizenOf.keys()];
  // The citizen is the caller (citizen calls staff, night watch) or the callee (a planned visit): one grouped
  // query per side, merged.
  for (const side of [callRecordsTable.callerId, callRecordsTable.calleeId]) {
    const rows = await db
      .select({ partyId: side, first: min(callRecordsTable.connectedAt) })
      .from(callRecordsTable)
      .where(
        and(
          isNotNull(callRecordsTable.connectedAt),
          inArray(side, ids),
          // Connected means both sides had media (care/day-plan/connected.ts): a no-media call is no success.
          notInArray(callRecordsTable.callId, noMediaCallIds(db)),
        ),
      )
      .groupBy(side);
    for (const r of rows) {
      const citizenId = citizenOf.get(r.partyId);
      if (!r.first || !citizenId) continue;
      const first = new Date(r.first);
      const seen = out.get(citizenId);
      if (!seen || first < seen) out.set(citizenId, first);
    }
  }
  return out;
}

export async function caseEvents(db: Db, caseId: string) {
  const rows = await db
    .select()
    .from(serviceCaseEventsTable)
    .where(eq(serviceCaseEventsTable.caseId, caseId))
    .orderBy(asc(serviceCaseEventsTable.at));
  return rows.map((e) => ({
    transition: e.transition,
    fromStage: e.fromStage,
    toStage: e.toStage,
    at: e.at.toISOString(),
    byStaffId: e.byStaffId,
    details: e.details,
  }));
}

/**
 * What the page's forms offer: citizens in scope without an open case (support: every citizen; a unit manager:
 * citizens enrolled in their units), the units the principal may assign to, and kiosks lent to citizens with
 * an open case (for "installed"). Names are shown, never stored in the case.
 */
export async function caseFormOptions(db: Db, principal: Principal) {
  const own = principal.role === 'support';
  const memberUnits = (
    await db
      .select({ id: unitMembershipsTable.unitId })
      .from(unitMembershipsTable)
      .where(eq(unitMembershipsTable.staffId, principal.id))
  ).map((r) => r.id);
  const units = (
    await db
      .select({ id: unitsTable.id, name: unitsTable.name, kind: unitsTable.kind })
      .from(unitsTable)
      .where(eq(unitsTable.municipalityId, principal.municipalityId))
      .orderBy(asc(unitsTable.name))
  ).filter(
    (u) => u.kind !== 'night_watch_pool' && u.kind !== 'support' && (own || memberUnits.includes(u.id)),
  );
  const openCases = db
    .select({ id: serviceCasesTable.citizenId })
    .from(serviceCasesTable)
    .where(
      and(
        eq(serviceCasesTable.municipalityId, principal.municipalityId),
        ne(serviceCasesTable.stage, 'ended'),
      ),
    );
  const citizens = await db
    .selectDistinct({ id: citizensTable.id, name: citizensTable.displayName })
    .from(citizensTable)
    .leftJoin(citizenEnrolmentsTable, eq(citizenEnrolmentsTable.citizenId, citizensTable.id))
    .where(
      and(
        eq(citizensTable.municipalityId, principal.municipalityId),
        isNull(citizensTable.disabledAt),
        notInArray(citizensTable.id, openCases),
        ...(own
          ? []
          : [
              isNull(citizenEnrolmentsTable.endedAt),
              inArray(citizenEnrolmentsTable.unitId, memberUnits.length ? memberUnits : [principal.id]),
            ]),
      ),
    )
    .orderBy(asc(citizensTable.displayName))
    .limit(500);
  const devices = await db
    .select({ id: devicesTable.id, label: devicesTable.label, citizenId: devicesTable.citizenId })
    .from(devicesTable)
    .innerJoin(serviceCasesTable, eq(serviceCasesTable.citizenId, devicesTable.citizenId))
    .where(
      and(eq(devicesTable.municipalityId, principal.municipalityId), ne(serviceCasesTable.stage, 'ended')),
    );
  return {
    referable: citizens.map((c) => ({ citizenId: c.id, name: c.name })),
    units: units.map((u) => ({ id: u.id, name: u.name })),
    lentDevices: devices.map((d) => ({ deviceId: d.id, label: d.label, citizenId: d.citizenId! })),
  };
}
