import { z } from 'zod/mini';
import { ApiError, apiFetch, readProblem, uiLanguageHeader } from '../../shared/api.js';
import { mobileAsWritten } from '../../shared/danish-mobile.js';

/** The care API routes the support screens use (cloud/src/care-api/**, read from their createRoute definitions). */
const csrf = (token: string) => ({ 'x-csrf-token': token });
const sig = (signal?: AbortSignal) => (signal ? { signal } : {});

export const UNIT_KINDS = ['home_care_team', 'home_guidance', 'facility', 'night_watch_pool'] as const;
const Unit = z.object({ id: z.string(), kind: z.string(), name: z.string(), member: z.boolean() });
export type Unit = z.infer<typeof Unit>;
const UnitDetails = z.object({
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  members: z.array(
    z.object({ staffId: z.string(), username: z.string(), displayName: z.string(), role: z.string() }),
  ),
  enrolments: z.array(
    z.object({
      id: z.string(),
      citizenId: z.string(),
      displayName: z.string(),
      ref: z.string(),
      guideStaffId: z.nullable(z.string()),
    }),
  ),
  coveredFacilityIds: z.array(z.string()),
});
export type UnitDetails = z.infer<typeof UnitDetails>;

export const DIRECTIONS = ['staff_to_citizen', 'citizen_to_staff', 'citizen_to_night_watch'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export interface TimeWindow {
  days: number[];
  from: string;
  to: string;
}
const Relation = z.object({
  id: z.string(),
  unitId: z.string(),
  endedAt: z.nullable(z.string()),
  permissions: z.array(z.object({ direction: z.string(), windows: z.unknown() })),
});
export type Relation = z.infer<typeof Relation>;

export const listUnits = (signal?: AbortSignal) =>
  apiFetch('/api/units', { ...sig(signal), parse: (j) => z.array(Unit).parse(j) });
export const unitDetails = (id: string, signal?: AbortSignal) =>
  apiFetch(`/api/units/${encodeURIComponent(id)}`, { ...sig(signal), parse: (j) => UnitDetails.parse(j) });
export const createUnit = (token: string, kind: string, name: string) =>
  apiFetch('/api/units', {
    method: 'POST',
    headers: csrf(token),
    body: { kind, name },
    parse: (j) => Unit.parse(j),
  });
export const addMember = (token: string, unitId: string, staffId: string) =>
  apiFetch(`/api/units/${encodeURIComponent(unitId)}/members`, {
    method: 'POST',
    headers: csrf(token),
    body: { staffId },
    parse: () => null,
  });
export const removeMember = (token: string, unitId: string, staffId: string) =>
  apiFetch(`/api/units/${encodeURIComponent(unitId)}/members/${encodeURIComponent(staffId)}`, {
    method: 'DELETE',
    headers: csrf(token),
    parse: () => null,
  });
export const enrol = (token: string, citizenId: string, unitId: string, guideStaffId: string | null) =>
  apiFetch('/api/enrolments', {
    method: 'POST',
    headers: csrf(token),
    body: { citizenId, unitId, ...(guideStaffId ? { guideStaffId } : {}) },
    parse: () => null,
  });
export const closeEnrolment = (token: string, id: string) =>
  apiFetch(`/api/enrolments/${encodeURIComponent(id)}/close`, {
    method: 'POST',
    headers: csrf(token),
    parse: () => null,
  });
export const relationsOf = (citizenId: string, signal?: AbortSignal) =>
  apiFetch(`/api/citizens/${encodeURIComponent(citizenId)}/relations`, {
    ...sig(signal),
    parse: (j) => z.array(Relation).parse(j),
  });
export const grant = (
  token: string,
  enrolmentId: string,
  direction: Direction,
  windows: TimeWindow[] | null,
) =>
  apiFetch(`/api/enrolments/${encodeURIComponent(enrolmentId)}/permissions/${direction}`, {
    method: 'PUT',
    headers: csrf(token),
    body: { windows },
    parse: () => null,
  });
export const revoke = (token: string, enrolmentId: string, direction: Direction) =>
  apiFetch(`/api/enrolments/${encodeURIComponent(enrolmentId)}/permissions/${direction}`, {
    method: 'DELETE',
    headers: csrf(token),
    parse: () => null,
  });

const PoolSettings = z.object({
  strategy: z.enum(['ring_all', 'longest_idle']),
  memberRingSeconds: z.number(),
  answerTimeoutSeconds: z.number(),
  queueTimeoutSeconds: z.number(),
  fallbackPoolUnitId: z.nullable(z.string()),
  fallbackPhone: z.nullable(z.string()),
  alertPhone: z.nullable(z.string()),
});
export type PoolSettings = z.infer<typeof PoolSettings>;
/** As the field shows it: the alert mobile as the hint asks it written, not as stored (+45…). */
const poolSettingsForForm = (json: unknown): PoolSettings => {
  const read = PoolSettings.parse(json);
  return { ...read, alertPhone: mobileAsWritten(read.alertPhone) };
};
const pool = (id: string) => `/api/night-watch/pools/${encodeURIComponent(id)}`;
export const poolSettings = (id: string, signal?: AbortSignal) =>
  apiFetch(`${pool(id)}/settings`, { ...sig(signal), parse: poolSettingsForForm });
export const savePoolSettings = (token: string, id: string, settings: PoolSettings) =>
  apiFetch(`${pool(id)}/settings`, {
    method: 'PUT',
    headers: csrf(token),
    body: settings,
    parse: poolSettingsForForm,
  });
const RosterReport = z.object({
  dryRun: z.boolean(),
  written: z.boolean(),
  shifts: z.number(),
  cancelled: z.number(),
  errors: z.array(z.object({ row: z.string(), message: z.string() })),
});
export type RosterReport = z.infer<typeof RosterReport>;
export const importRoster = (
  token: string,
  id: string,
  format: 'csv' | 'ical',
  text: string,
  dryRun: boolean,
) =>
  apiFetch(`${pool(id)}/roster/import`, {
    method: 'POST',
    headers: csrf(token),
    body: { format, text, dryRun },
    parse: (j) => RosterReport.parse(j),
  });

const Job = z.object({
  id: z.string(),
  dryRun: z.boolean(),
  phase: z.enum(['validating', 'writing', 'done', 'failed']),
  total: z.number(),
  processed: z.number(),
  errors: z.array(z.object({ line: z.number(), column: z.string(), message: z.string() })),
  written: z.boolean(),
  summary: z.nullable(z.object({ staff: z.number(), citizens: z.number(), enrolments: z.number() })),
  failure: z.nullable(z.string()),
});
export type ImportJob = z.infer<typeof Job>;

/** POST /api/imports takes the file itself as text/csv (not JSON), so this one call is made by hand. */
export async function startImport(token: string, text: string, dryRun: boolean): Promise<ImportJob> {
  let response: Response;
  try {
    response = await fetch(`/api/imports?dryRun=${dryRun}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        ...csrf(token),
        ...uiLanguageHeader(),
        'content-type': 'text/csv',
        accept: 'application/json, application/problem+json',
      },
      body: text,
    });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (!response.ok) throw new ApiError('problem', response.status, await readProblem(response));
  try {
    return Job.parse(await response.json());
  } catch (cause) {
    throw ApiError.unexpected(response.status, cause);
  }
}
export const importJob = (id: string, signal?: AbortSignal) =>
  apiFetch(`/api/imports/${encodeURIComponent(id)}`, { ...sig(signal), parse: (j) => Job.parse(j) });

const WeeklyStat = z.object({
  unitId: z.string(),
  unitName: z.string(),
  isoWeek: z.string(),
  planned: z.number(),
  completed: z.number(),
  noAnswer: z.number(),
  cancelled: z.number(),
  totalCallSeconds: z.number(),
  estimatedMinutesSaved: z.number(),
});
export type WeeklyStat = z.infer<typeof WeeklyStat>;
export const weeklyStats = (from: string, to: string, signal?: AbortSignal) =>
  apiFetch(`/api/stats/weekly?from=${from}&to=${to}`, {
    ...sig(signal),
    parse: (j) => z.array(WeeklyStat).parse(j),
  });
export const statsCsvUrl = (from: string, to: string) => `/api/stats/weekly.csv?from=${from}&to=${to}`;
