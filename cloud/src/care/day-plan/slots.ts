import { and, asc, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import {
  type CallSlotOutcome,
  type Db,
  dayPlanSlotsTable,
  type SlotCompletedVia,
  unitMembershipsTable,
  unitsTable,
} from '../../db/index.js';
import { CareError } from '../errors.js';
import { CPR_LIKE } from '../imports/columns.js';
import { localDate, localDayBounds, localToInstant } from '../time/windows.js';
import { slotConnected } from './connected.js';

export const SlotType = z.enum(['medicine', 'reassurance', 'conversation', 'training']);

export const NewSlot = z
  .object({
    municipalityId: z.uuid(),
    citizenId: z.uuid(),
    /** The responsible team or unit. */
    unitId: z.uuid(),
    /** Narrows responsibility to one person (e.g. the guide); null: whoever in the unit is at work. */
    staffId: z.uuid().nullable().default(null),
    type: SlotType,
    /** Local date and time in the municipality's zone. */
    date: z.iso.date(),
    time: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/),
  })
  .strict();

export async function createSlot(
  db: Db,
  input: z.input<typeof NewSlot>,
  timeZone: string,
  at: Date,
): Promise<{ id: string }> {
  const slot = NewSlot.parse(input);
  const planned = localToInstant(slot.date, slot.time, timeZone);
  if (!planned.ok) throw CareError.invalidInput(`${slot.date} ${slot.time} does not exist in ${timeZone}`);
  const [unit] = await db
    .select({ municipalityId: unitsTable.municipalityId })
    .from(unitsTable)
    .where(eq(unitsTable.id, slot.unitId));
  if (unit?.municipalityId !== slot.municipalityId) throw CareError.notFound('unit');
  const [row] = await db
    .insert(dayPlanSlotsTable)
    .values({
      municipalityId: slot.municipalityId,
      citizenId: slot.citizenId,
      unitId: slot.unitId,
      staffId: slot.staffId,
      type: slot.type,
      plannedAt: planned.at,
      createdAt: at,
    })
    .returning({ id: dayPlanSlotsTable.id });
  return row!;
}

/**
 * A staff member's list for the local day containing `at`: slots assigned to them, plus their units' slots
 * assigned to nobody in particular (home care: whoever is at work that day calls). Earliest first.
 */
export async function todaysList(db: Db, input: { staffId: string; at: Date; timeZone: string }) {
  const { start, end } = localDayBounds(localDate(input.at, input.timeZone), input.timeZone);
  const units = await db
    .select({ unitId: unitMembershipsTable.unitId })
    .from(unitMembershipsTable)
    .where(eq(unitMembershipsTable.staffId, input.staffId));
  const unitIds = units.map((u) => u.unitId);
  const mine = eq(dayPlanSlotsTable.staffId, input.staffId);
  return db
    .select()
    .from(dayPlanSlotsTable)
    .where(
      and(
        gte(dayPlanSlotsTable.plannedAt, start),
        lt(dayPlanSlotsTable.plannedAt, end),
        unitIds.length
          ? or(mine, and(isNull(dayPlanSlotsTable.staffId), inArray(dayPlanSlotsTable.unitId, unitIds)))
          : mine,
      ),
    )
    .orderBy(asc(dayPlanSlotsTable.plannedAt));
}

/**
 * Issue 13 "outcomes that cannot lie": `completed` without `via` means "done as the screen call" and is accepted
 * only when a call for this slot connected (call_records.connected_at); otherwise the person must say how it was
 * done instead (by phone, on site). Only screen-call completions count as minutes saved (stats.ts).
 */
export const SlotOutcome = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('completed'), via: z.enum(['phone', 'on_site']).optional() }).strict(),
  z.object({ outcome: z.literal('no_answer') }).strict(),
  z
    .object({
      outcome: z.literal('cancelled'),
      // Minimum data: the reason is shown to the unit's manager and exported; never a CPR number in it.
      reason: z
        .string()
        .trim()
        .min(1)
        .max(200)
        .refine((s) => !CPR_LIKE.test(s), 'Write the reason without a CPR number: ScreenVisit stores none.'),
    })
    .strict(),
]);

/** Records the outcome once; a second attempt is refused (already_decided) so statistics cannot drift. */
export async function recordSlotOutcome(
  db: Db,
  input: { slotId: string; staffId: string; at: Date; result: z.input<typeof SlotOutcome> },
): Promise<void> {
  const parsed = SlotOutcome.safeParse(input.result);
  if (!parsed.success) throw CareError.invalidInput(parsed.error.message, parsed.error);
  const result = parsed.data;
  const [slot] = await db
    .select({ outcome: dayPlanSlotsTable.outcome })
    .from(dayPlanSlotsTable)
    .where(eq(dayPlanSlotsTable.id, input.slotId));
  if (!slot) throw CareError.notFound('slot');
  if (slot.outcome) throw alreadyDecided();
  const via =
    result.outcome !== 'completed'
      ? null
      : (result.via ?? ('screen_call' as const satisfies SlotCompletedVia));
  if (via === 'screen_call' && !(await slotConnected(db, input.slotId)))
    throw new CareError(
      'not_connected',
      'The call for this slot never connected: say how it was done instead (by phone or on site).',
    );
  const rows = await db
    .update(dayPlanSlotsTable)
    .set({
      outcome: result.outcome satisfies CallSlotOutcome,
      cancelReason: result.outcome === 'cancelled' ? result.reason : null,
      completedVia: via,
      outcomeAt: input.at,
      outcomeBy: input.staffId,
    })
    .where(and(eq(dayPlanSlotsTable.id, input.slotId), isNull(dayPlanSlotsTable.outcome)))
    .returning({ id: dayPlanSlotsTable.id });
  // Two people saving at once: the conditional update lets exactly one win.
  if (rows.length === 0) throw alreadyDecided();
}

const alreadyDecided = () => new CareError('already_decided', 'this slot already has an outcome');
