import { and, asc, eq, gte, inArray, isNull, lt, or } from 'drizzle-orm';
import { z } from 'zod';
import {
  type CallSlotOutcome,
  type Db,
  dayPlanSlotsTable,
  unitMembershipsTable,
  unitsTable,
} from '../../db/index.js';
import { CareError } from '../errors.js';
import { localDate, localDayBounds, localToInstant } from '../time/windows.js';

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

export const SlotOutcome = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('completed') }).strict(),
  z.object({ outcome: z.literal('no_answer') }).strict(),
  z.object({ outcome: z.literal('cancelled'), reason: z.string().trim().min(1).max(200) }).strict(),
]);

/** Records the outcome once; a second attempt is refused (already_decided) so statistics cannot drift. */
export async function recordSlotOutcome(
  db: Db,
  input: { slotId: string; staffId: string; at: Date; result: z.input<typeof SlotOutcome> },
): Promise<void> {
  const parsed = SlotOutcome.safeParse(input.result);
  if (!parsed.success) throw CareError.invalidInput(parsed.error.message, parsed.error);
  const result = parsed.data;
  const rows = await db
    .update(dayPlanSlotsTable)
    .set({
      outcome: result.outcome satisfies CallSlotOutcome,
      cancelReason: result.outcome === 'cancelled' ? result.reason : null,
      outcomeAt: input.at,
      outcomeBy: input.staffId,
    })
    .where(and(eq(dayPlanSlotsTable.id, input.slotId), isNull(dayPlanSlotsTable.outcome)))
    .returning({ id: dayPlanSlotsTable.id });
  if (rows.length === 0) {
    const [exists] = await db
      .select({ id: dayPlanSlotsTable.id })
      .from(dayPlanSlotsTable)
      .where(eq(dayPlanSlotsTable.id, input.slotId));
    throw exists
      ? new CareError('already_decided', 'this slot already has an outcome')
      : CareError.notFound('slot');
  }
}
