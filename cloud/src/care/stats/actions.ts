import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { careAction } from '../care-action.js';
import {
  loadCareSettings,
  loadWeeklyStats,
  localDayBounds,
  saveCareSettings,
  type WeeklyStat,
  weeklyStatsCsv,
} from '../index.js';
import { auditCare, type CareDeps, nowOf } from '../route-helpers.js';
import { memberUnitIds, municipalityZone } from '../scope.js';

export const MAX_STATS_DAYS = 400;

/**
 * The customer's evaluation data. Support sees every unit of its municipality; a unit_manager only the units
 * they belong to. `from` and `to` are local dates, both included. Every export (JSON or CSV) is audited as a
 * data export. Used by: GET /api/stats/weekly, GET /api/stats/weekly.csv.
 */
export async function weeklyStatsFor(
  deps: CareDeps,
  principal: Principal,
  period: { from: string; to: string },
  format: 'json' | 'csv',
  ip: string | null,
): Promise<WeeklyStat[]> {
  if (period.to < period.from) throw AppError.invalidInput('`to` must not be before `from`.');
  const timeZone = await municipalityZone(deps.db.db, principal.municipalityId);
  const from = localDayBounds(period.from, timeZone).start;
  const to = localDayBounds(period.to, timeZone).end;
  if (to.getTime() - from.getTime() > MAX_STATS_DAYS * 86_400_000)
    throw AppError.invalidInput(`Ask for at most ${MAX_STATS_DAYS} days at a time.`);
  let stats = await loadWeeklyStats(deps.db.db, { municipalityId: principal.municipalityId, from, to });
  if (principal.role !== 'support') {
    const mine = new Set(await memberUnitIds(deps.db.db, principal.id));
    stats = stats.filter((s) => mine.has(s.unitId));
  }
  await auditCare(deps, principal, ip, {
    action: 'data.export.care_stats',
    targetKind: 'municipality',
    targetId: principal.municipalityId,
    details: {
      format,
      from: period.from,
      to: period.to,
      rows: stats.length,
      scope: principal.role === 'support' ? 'municipality' : 'own_units',
    },
  });
  return stats;
}

export const statsCsv = weeklyStatsCsv;

/** Used by: GET /api/care/settings. */
export const readCareSettings = (deps: CareDeps, principal: Principal) =>
  loadCareSettings(deps.db.db, principal.municipalityId);

/** Used by: PUT /api/care/settings (support). */
export async function writeCareSettings(
  deps: CareDeps,
  principal: Principal,
  input: unknown,
  ip: string | null,
) {
  const saved = await careAction(() =>
    saveCareSettings(deps.db.db, principal.municipalityId, input as never, nowOf(deps)),
  );
  await auditCare(deps, principal, ip, {
    action: 'care.settings.set',
    targetKind: 'municipality',
    targetId: principal.municipalityId,
    details: { minutesSavedPerCall: saved.minutesSavedPerCall },
  });
  return saved;
}
