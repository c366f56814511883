import { stringify } from 'csv-stringify/sync';
import type { Dashboard } from './load.js';

/**
 * The VTV export (VelfærdsTeknologiVurdering, the assessment tool the business case reports with; seed 004 §8):
 * one row per unit and ISO week with the measures the case names. Written for Danish spreadsheets: `;` between
 * columns, decimal comma, UTF-8 with a byte-order mark. Column meanings: docs/statistics.md (a contract).
 */
export const VTV_COLUMNS = [
  'enhed',
  'uge',
  'aktive_borgere',
  'maal_borgere',
  'aktive_medarbejdere',
  'maal_medarbejdere',
  'planlagte_besoeg',
  'gennemfoert_skaermbesoeg',
  'gennemfoert_telefon',
  'gennemfoert_fremmoede',
  'intet_svar',
  'aflyst',
  'opkald_ikke_forbundet',
  'maalte_samtaleminutter',
  'estimerede_sparede_minutter',
  'sparede_minutter_pr_aktiv_borger',
  'maal_min_pr_borger_uge_vejtid',
  'maal_min_pr_borger_uge_2017',
  'maal_min_pr_borger_uge_2019',
  'hel_uge',
] as const;

const decimal = (n: number | null) => (n === null ? '' : String(Math.round(n * 10) / 10).replace('.', ','));

export function vtvCsv(d: Dashboard): string {
  const [travel, from2017, from2019] = d.targets.minutesSavedPerCitizenWeek;
  // The week still running when the period ends is exported, but marked: its counts are not a whole week's.
  const whole = new Map(d.weeks.map((w) => [w.isoWeek, w.complete]));
  const rows = d.units.map((u) => [
    u.unitName,
    u.isoWeek,
    u.activeCitizens,
    d.targets.activeCitizens,
    u.activeStaff,
    d.targets.activeStaff,
    u.planned,
    u.completedOnScreen,
    u.completedByPhone,
    u.completedOnSite,
    u.noAnswer,
    u.cancelled,
    u.notConnectedCalls,
    decimal(u.totalCallSeconds / 60),
    u.estimatedMinutesSaved,
    decimal(u.activeCitizens ? u.estimatedMinutesSaved / u.activeCitizens : null),
    travel,
    from2017,
    from2019,
    whole.get(u.isoWeek) === false ? 'nej' : 'ja',
  ]);
  return `\uFEFF${stringify(rows, { header: true, columns: [...VTV_COLUMNS], delimiter: ';' })}`;
}
