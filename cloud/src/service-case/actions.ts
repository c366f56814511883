import { and, eq, isNull } from 'drizzle-orm';
import {
  appendAudit,
  citizensTable,
  type Db,
  devicesTable,
  serviceCaseEventsTable,
  serviceCasesTable,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { CaseActor } from '../kernel/ports.js';
import type { Principal } from '../kernel/principal.js';
import type { ServiceCaseDeps } from './deps.js';
import { type FollowUpPolicy, nextEvaluationAt } from './follow-up.js';
import { type CaseRow, caseInScope } from './queries.js';
import { type CaseEvent, nextStage } from './transitions.js';

/**
 * The service case's actions (issue 13 §3). Every transition goes through `nextStage` (the typed table), writes
 * one service_case_events row and one audit line in the same transaction. Ending a case then reaches the other
 * features through the ServiceEnd port (kernel/ports.ts), after the commit, so a failing wipe never leaves a
 * case half-ended in the database; what each part did is audited with the case id.
 */

const now = (deps: ServiceCaseDeps) => new Date(deps.clock.now());
const isUniqueViolation = (e: unknown) =>
  (e as { code?: string; cause?: { code?: string } }).code === '23505' ||
  (e as { cause?: { code?: string } }).cause?.code === '23505';

/** Used by: POST /api/service-cases. One open case per citizen (a partial unique index enforces it). */
export async function referCitizen(
  deps: ServiceCaseDeps,
  principal: Principal,
  input: { citizenId: string; referredBy: string },
  ip: string | null,
): Promise<string> {
  const db = deps.db.db;
  const [citizen] = await db
    .select({ id: citizensTable.id })
    .from(citizensTable)
    .where(
      and(eq(citizensTable.id, input.citizenId), eq(citizensTable.municipalityId, principal.municipalityId)),
    );
  if (!citizen) throw AppError.notFound('Citizen');
  const at = now(deps);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(serviceCasesTable)
        .values({
          municipalityId: principal.municipalityId,
          citizenId: citizen.id,
          stage: 'referred',
          referredBy: input.referredBy,
          referredAt: at,
          updatedAt: at,
        })
        .returning({ id: serviceCasesTable.id });
      await record(tx, principal, ip, row!.id, citizen.id, at, {
        transition: 'refer',
        from: null,
        to: 'referred',
        details: { referredBy: input.referredBy },
      });
      return row!.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw AppError.conflict('This citizen already has an open service case.');
    throw error;
  }
}

/** What each transition writes on the case, checked by the compiler for every event type (style.md item 5). */
type Executor<E extends CaseEvent['type']> = (
  deps: ServiceCaseDeps,
  principal: Principal,
  c: CaseRow,
  event: Extract<CaseEvent, { type: E }>,
  at: Date,
  policy: FollowUpPolicy,
) => Promise<Partial<CaseRow>>;

const EXECUTORS: { [E in CaseEvent['type']]: Executor<E> } = {
  assess: async (_d, _p, _c, e) => ({ scenario: e.scenario, deviceChoice: e.deviceChoice }),
  assign: async (deps, principal, _c, e) => {
    const db = deps.db.db;
    const [unit] = await db
      .select({ id: unitsTable.id, kind: unitsTable.kind })
      .from(unitsTable)
      .where(and(eq(unitsTable.id, e.unitId), eq(unitsTable.municipalityId, principal.municipalityId)));
    if (!unit || unit.kind === 'night_watch_pool' || unit.kind === 'support') throw AppError.notFound('Unit');
    if (principal.role !== 'support') {
      const member = await db
        .select({ u: unitMembershipsTable.unitId })
        .from(unitMembershipsTable)
        .where(and(eq(unitMembershipsTable.staffId, principal.id), eq(unitMembershipsTable.unitId, unit.id)));
      if (member.length === 0) throw AppError.forbidden('Assign the case to a unit you manage.');
    }
    return { unitId: unit.id };
  },
  install: async (deps, principal, c, e, at, policy) => {
    if (c.deviceChoice === 'loan_kiosk') {
      if (!e.deviceId) throw AppError.invalidInput('A loan kiosk case needs the lent kiosk (deviceId).');
      const [device] = await deps.db.db
        .select({ citizenId: devicesTable.citizenId })
        .from(devicesTable)
        .where(
          and(eq(devicesTable.id, e.deviceId), eq(devicesTable.municipalityId, principal.municipalityId)),
        );
      if (!device) throw AppError.notFound('Device');
      if (device.citizenId !== c.citizenId)
        throw AppError.conflict('Lend this kiosk to the citizen first (support, Skærme).');
    } else if (e.deviceId) throw AppError.invalidInput('An own-device case has no loan kiosk.');
    return { deviceId: e.deviceId, installedAt: at, nextEvaluationAt: nextEvaluationAt(at, 0, policy) };
  },
  evaluate: async (_d, _p, c, _e, _at, policy) => ({
    evaluationsDone: c.evaluationsDone + 1,
    nextEvaluationAt: nextEvaluationAt(c.installedAt!, c.evaluationsDone + 1, policy),
  }),
  end: async (_d, _p, _c, _e, at) => ({ endedAt: at, nextEvaluationAt: null }),
};

/** Used by: POST /api/service-cases/{id}/events. Returns what ending did in the other features (else null). */
export async function applyEvent(
  deps: ServiceCaseDeps,
  principal: Principal,
  caseId: string,
  event: CaseEvent,
  policy: FollowUpPolicy,
  ip: string | null,
) {
  const db = deps.db.db;
  if (event.type === 'end' && !deps.serviceEnd)
    throw AppError.unavailable('Ending a service case is not available on this server.');
  const c = await caseInScope(db, principal, caseId);
  const step = nextStage(c.stage, event);
  if (!step.ok) throw AppError.conflict(step.why);
  const at = now(deps);
  const execute = EXECUTORS[event.type] as Executor<typeof event.type>;
  const patch = await execute(deps, principal, c, event as never, at, policy);
  await db.transaction(async (tx) => {
    // Conditional on the stage read above: two people pressing at once cannot both move the case.
    const moved = await tx
      .update(serviceCasesTable)
      .set({ ...patch, stage: step.to, updatedAt: at })
      .where(and(eq(serviceCasesTable.id, c.id), eq(serviceCasesTable.stage, c.stage)))
      .returning({ id: serviceCasesTable.id });
    if (moved.length === 0) throw AppError.conflict('The case changed meanwhile; reload it.');
    const { type, ...details } = event;
    await record(tx, principal, ip, c.id, c.citizenId, at, {
      transition: type,
      from: c.stage,
      to: step.to,
      details,
    });
  });
  return event.type === 'end' ? endEffects(deps, principal, c, ip) : null;
}

/** The end's effects through the port, each audited with the case id (the parts audit themselves too). */
async function endEffects(deps: ServiceCaseDeps, principal: Principal, c: CaseRow, ip: string | null) {
  const ports = deps.serviceEnd!;
  const actor: CaseActor = { staffId: principal.id, ip };
  const relationsClosed = await ports.closeRelations(c.municipalityId, c.citizenId, actor);
  // The kiosk first: its wipe is published and its ack awaited while it is still hers. Closing her afterwards
  // finds no loan left, so the case's own "device collected" step (not the kiosk list's "Skal hentes") tracks it.
  const device = c.deviceId ? await ports.requestDeviceReturn(c.municipalityId, c.deviceId, actor) : null;
  const credentialsRevoked = await ports.revokeCredentials(c.municipalityId, c.citizenId, actor);
  const outcome = { relationsClosed, credentialsRevoked, deviceWipe: device?.status ?? null };
  await appendAudit(deps.db.db, {
    municipalityId: c.municipalityId,
    actorKind: 'staff',
    actorId: principal.id,
    ip,
    action: 'service_case.end_effects',
    targetKind: 'citizen',
    targetId: c.citizenId,
    details: { caseId: c.id, deviceId: c.deviceId, ...outcome },
  });
  return outcome;
}

/** Used by: POST /api/service-cases/{id}/device-collected. The box is physically back (issue 13 §3). */
export async function markDeviceCollected(
  deps: ServiceCaseDeps,
  principal: Principal,
  caseId: string,
  ip: string | null,
) {
  const db = deps.db.db;
  const c = await caseInScope(db, principal, caseId);
  if (c.stage !== 'ended' || !c.deviceId)
    throw AppError.conflict('Only an ended case with a loan kiosk has a kiosk to collect.');
  const at = now(deps);
  await db.transaction(async (tx) => {
    const done = await tx
      .update(serviceCasesTable)
      .set({ deviceReturnedAt: at, updatedAt: at })
      .where(and(eq(serviceCasesTable.id, c.id), isNull(serviceCasesTable.deviceReturnedAt)))
      .returning({ id: serviceCasesTable.id });
    if (done.length === 0) throw AppError.conflict('The kiosk is already marked as collected.');
    await record(tx, principal, ip, c.id, c.citizenId, at, {
      transition: 'device_collected',
      from: 'ended',
      to: 'ended',
      details: { deviceId: c.deviceId },
    });
  });
}

async function record(
  tx: Db,
  principal: Principal,
  ip: string | null,
  caseId: string,
  citizenId: string,
  at: Date,
  e: { transition: string; from: CaseRow['stage'] | null; to: CaseRow['stage']; details: object },
) {
  await tx.insert(serviceCaseEventsTable).values({
    caseId,
    transition: e.transition,
    fromStage: e.from,
    toStage: e.to,
    at,
    byStaffId: principal.id,
    details: e.details,
  });
  // Ids and enums only (the audit log never holds names or free text beyond the short referral role).
  await appendAudit(tx, {
    municipalityId: principal.municipalityId,
    at,
    actorKind: 'staff',
    actorId: principal.id,
    ip,
    action: `service_case.${e.transition}`,
    targetKind: 'citizen',
    targetId: citizenId,
    details: { caseId, from: e.from, to: e.to, ...e.details },
  });
}
