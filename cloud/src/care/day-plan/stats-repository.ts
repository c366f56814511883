import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import {
  callRecordsTable,
  type Db,
  dayPlanSlotsTable,
  municipalitiesTable,
  unitsTable,
} from '../../db/index.js';
import { CareError } from '../errors.js';
import { mediaEvidence } from './connected.js';
import { loadCareSettings } from './settings.js';
import { type WeeklyStat, weeklyStats, weeklyStatsCsv } from './stats.js';

/** Statistics for slots planned in [from, to), per unit and ISO week. */
export async function loadWeeklyStats(
  db: Db,
  input: { municipalityId: string; from: Date; to: Date },
): Promise<WeeklyStat[]> {
  const [m] = await db
    .select({ timeZone: municipalitiesTable.timeZone })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, input.municipalityId));
  if (!m) throw CareError.notFound('municipality');
  const slots = await db
    .select({
      id: dayPlanSlotsTable.id,
      unitId: dayPlanSlotsTable.unitId,
      type: dayPlanSlotsTable.type,
      plannedAt: dayPlanSlotsTable.plannedAt,
      outcome: dayPlanSlotsTable.outcome,
      completedVia: dayPlanSlotsTable.completedVia,
    })
    .from(dayPlanSlotsTable)
    .where(
      and(
        eq(dayPlanSlotsTable.municipalityId, input.municipalityId),
        gte(dayPlanSlotsTable.plannedAt, input.from),
        lt(dayPlanSlotsTable.plannedAt, input.to),
      ),
    );
  const slotIds = slots.map((s) => s.id);
  const rows = slotIds.length
    ? await db
        .select({
          callId: callRecordsTable.callId,
          slotId: callRecordsTable.slotId,
          answerAt: callRecordsTable.answerAt,
          connectedAt: callRecordsTable.connectedAt,
          endAt: callRecordsTable.endAt,
        })
        .from(callRecordsTable)
        .where(inArray(callRecordsTable.slotId, slotIds))
    : [];
  const evidence = await mediaEvidence(
    db,
    rows.filter((r) => r.connectedAt).map((r) => r.callId),
  );
  const records = rows.map((r) => ({ ...r, evidence: evidence.get(r.callId) ?? 'not_measured' }));
  const units = await db
    .select({ id: unitsTable.id, name: unitsTable.name })
    .from(unitsTable)
    .where(eq(unitsTable.municipalityId, input.municipalityId));
  return weeklyStats({
    slots,
    records,
    unitNames: new Map(units.map((u) => [u.id, u.name])),
    settings: await loadCareSettings(db, input.municipalityId),
    timeZone: m.timeZone,
  });
}

export async function exportWeeklyStatsCsv(
  db: Db,
  input: { municipalityId: string; from: Date; to: Date },
): Promise<string> {
  return weeklyStatsCsv(await loadWeeklyStats(db, input));
}
