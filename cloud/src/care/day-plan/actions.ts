import { and, eq, isNull } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { z } from 'zod';
import { type CallSlotType, dayPlanSlotsTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { careAction } from '../care-action.js';
import {
  connectedSlotIds,
  createSlot,
  localToInstant,
  recordSlotOutcome,
  type SlotOutcome,
  todaysList,
} from '../index.js';
import { displayNames } from '../names.js';
import type { CareDeps } from '../route-helpers.js';
import { nowOf } from '../route-helpers.js';
import { municipalityZone } from '../scope.js';
import { missedCitizenCalls } from './missed-calls.js';
import { checkResponsible, mayPlan } from './responsible.js';

type Slot = typeof dayPlanSlotsTable.$inferSelect;

/** Used by every day-plan route: names, whether a call connected, and whether the citizen is online now. */
export async function view(deps: CareDeps, slots: readonly Slot[], timeZone: string) {
  const name = await displayNames(deps.db.db, {
    citizens: slots.map((s) => s.citizenId),
    units: slots.map((s) => s.unitId),
    staff: slots.flatMap((s) => (s.staffId ? [s.staffId] : [])),
  });
  const connected = await connectedSlotIds(
    deps.db.db,
    slots.map((s) => s.id),
  );
  const citizens = [...new Set(slots.map((s) => s.citizenId))];
  const online = new Map(
    await Promise.all(
      citizens.map(async (id) => [id, (await deps.callHooks?.citizenReachable(id)) ?? false] as const),
    ),
  );
  return slots.map((s) => ({
    id: s.id,
    citizenId: s.citizenId,
    citizenName: name.get(s.citizenId) ?? '',
    citizenOnline: online.get(s.citizenId) ?? false,
    unitId: s.unitId,
    unitName: name.get(s.unitId) ?? '',
    staffId: s.staffId,
    staffName: s.staffId ? (name.get(s.staffId) ?? '') : null,
    type: s.type,
    plannedAt: s.plannedAt.toISOString(),
    localDate: DateTime.fromJSDate(s.plannedAt, { zone: timeZone }).toISODate()!,
    localTime: DateTime.fromJSDate(s.plannedAt, { zone: timeZone }).toFormat('HH:mm'),
    outcome: s.outcome,
    cancelReason: s.cancelReason,
    completedVia: s.completedVia,
    connected: connected.has(s.id),
  }));
}

/** Used by: GET /api/day-plan/today. */
export async function today(deps: CareDeps, principal: Principal) {
  const timeZone = await municipalityZone(deps.db.db, principal.municipalityId);
  const slots = await todaysList(deps.db.db, { staffId: principal.id, at: nowOf(deps), timeZone });
  return view(deps, slots, timeZone);
}

/**
 * Used by: GET /api/day-plan/missed-calls. The citizens who tried to reach this member or their units and got
 * nobody, newest first, with the local time of her last try (the day page's clock is the municipality's).
 */
export async function missedCalls(deps: CareDeps, principal: Principal) {
  const timeZone = await municipalityZone(deps.db.db, principal.municipalityId);
  const now = nowOf(deps);
  const list = await missedCitizenCalls(deps.db.db, deps.clock, principal);
  return list.map((m) => {
    const at = DateTime.fromJSDate(m.lastAt, { zone: timeZone });
    return {
      ...m,
      lastAt: m.lastAt.toISOString(),
      localTime: at.toFormat('HH:mm'),
      today: at.hasSame(DateTime.fromJSDate(now, { zone: timeZone }), 'day'),
    };
  });
}

/**
 * Whether a visit starting at `start` is already past at `now` (the cloud's clock). The minute it is now still
 * counts as ahead, as on the planning form (web visit-time.ts): a visit planned for now is rung at once. Only
 * the planning routes ask this (planSlot, editSlot, planSeries); the demo's seeding writes its history of past
 * visits through createSlot, which does not.
 */
export function isPast(start: Date, now: Date): boolean {
  return start.getTime() < Math.floor(now.getTime() / 60_000) * 60_000;
}

export interface NewSlotBody {
  citizenId: string;
  unitId: string;
  staffId?: string | null | undefined;
  type: CallSlotType;
  date: string;
  time: string;
}

/** Used by: POST /api/day-plan/slots. A visit starts no earlier than the minute it is now. */
export async function planSlot(deps: CareDeps, principal: Principal, input: NewSlotBody) {
  const staffId = await checkResponsible(
    deps,
    principal,
    input.citizenId,
    input.unitId,
    input.staffId ?? null,
  );
  const timeZone = await municipalityZone(deps.db.db, principal.municipalityId);
  const planned = localToInstant(input.date, input.time, timeZone);
  // A time that does not exist (the clocks go forward) is createSlot's own refusal.
  if (planned.ok && isPast(planned.at, nowOf(deps)))
    throw AppError.invalidInput('That time has already passed. Choose a later date or time.');
  const { id } = await careAction(() =>
    createSlot(
      deps.db.db,
      { ...input, staffId, municipalityId: principal.municipalityId },
      timeZone,
      nowOf(deps),
    ),
  );
  return slotView(deps, principal, id);
}

async function slotOf(deps: CareDeps, principal: Principal, slotId: string): Promise<Slot> {
  const [slot] = await deps.db.db
    .select()
    .from(dayPlanSlotsTable)
    .where(
      and(eq(dayPlanSlotsTable.id, slotId), eq(dayPlanSlotsTable.municipalityId, principal.municipalityId)),
    );
  if (!slot) throw AppError.notFound('Slot');
  return slot;
}

async function slotView(deps: CareDeps, principal: Principal, slotId: string) {
  const timeZone = await municipalityZone(deps.db.db, principal.municipalityId);
  const [v] = await view(deps, [await slotOf(deps, principal, slotId)], timeZone);
  return v!;
}

/**
 * Used by: PATCH /api/day-plan/slots/:id. Only while no outcome is recorded (statistics must not drift), and
 * never to a time already past.
 */
export async function editSlot(
  deps: CareDeps,
  principal: Principal,
  slotId: string,
  patch: {
    type?: CallSlotType | undefined;
    date?: string | undefined;
    time?: string | undefined;
    staffId?: string | null | undefined;
  },
) {
  const slot = await slotOf(deps, principal, slotId);
  if (!(await mayPlan(deps, principal, slot.unitId, slot.staffId)))
    throw AppError.forbidden('Only support, a manager of the unit or the responsible staff can change this.');
  if (slot.outcome) throw AppError.conflict('This slot already has an outcome.');
  const asked = patch.staffId === undefined ? slot.staffId : patch.staffId;
  const staffId =
    asked === slot.staffId
      ? asked
      : await checkResponsible(deps, principal, slot.citizenId, slot.unitId, asked);
  const timeZone = await municipalityZone(deps.db.db, principal.municipalityId);
  const local = DateTime.fromJSDate(slot.plannedAt, { zone: timeZone });
  const planned = localToInstant(
    patch.date ?? local.toISODate()!,
    patch.time ?? local.toFormat('HH:mm'),
    timeZone,
  );
  if (!planned.ok)
    throw AppError.invalidInput('That time does not exist on that date (the clocks go forward).');
  // Moved, it must not move into the past; left where it is, a visit whose time has passed (no outcome yet)
  // may still get another type or responsible person.
  if (planned.at.getTime() !== slot.plannedAt.getTime() && isPast(planned.at, nowOf(deps)))
    throw AppError.invalidInput('That time has already passed. Choose a later date or time.');
  const updated = await deps.db.db
    .update(dayPlanSlotsTable)
    .set({ type: patch.type ?? slot.type, plannedAt: planned.at, staffId })
    .where(and(eq(dayPlanSlotsTable.id, slotId), isNull(dayPlanSlotsTable.outcome)))
    .returning({ id: dayPlanSlotsTable.id });
  if (updated.length === 0) throw AppError.conflict('This slot already has an outcome.');
  return slotView(deps, principal, slotId);
}

/** Used by: GET /api/day-plan/slots/:id. */
export async function readSlot(deps: CareDeps, principal: Principal, slotId: string) {
  const slot = await slotOf(deps, principal, slotId);
  if (!(await mayPlan(deps, principal, slot.unitId, slot.staffId)))
    throw AppError.forbidden('Only support, a manager of the unit or the responsible staff can see this.');
  return slotView(deps, principal, slotId);
}

/** Used by: POST /api/day-plan/slots/:id/outcome. Once only (409 after). */
export async function recordOutcome(
  deps: CareDeps,
  principal: Principal,
  slotId: string,
  result: SlotOutcomeInput,
) {
  const slot = await slotOf(deps, principal, slotId);
  if (!(await mayPlan(deps, principal, slot.unitId, slot.staffId)))
    throw AppError.forbidden('Only support, a manager of the unit or the responsible staff can record this.');
  await careAction(() =>
    recordSlotOutcome(deps.db.db, { slotId, staffId: principal.id, at: nowOf(deps), result }),
  );
  return slotView(deps, principal, slotId);
}

export type SlotOutcomeInput = z.input<typeof SlotOutcome>;
