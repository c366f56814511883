import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';

/** GET /api/dashboard (cloud/src/dashboard/routes.ts). Only the fields the page shows are read. */
const n = z.number();
const nn = z.nullable(z.number());
const Week = z.object({
  isoWeek: z.string(),
  complete: z.boolean(),
  activeCitizens: n,
  activeStaff: n,
  planned: n,
  completed: n,
  completedOnScreen: n,
  completedByPhone: n,
  completedOnSite: n,
  noAnswer: n,
  cancelled: n,
  connectedNotRecorded: n,
  notConnectedCalls: n,
  callMinutes: n,
  minutesSaved: n,
  minutesSavedPerActiveCitizen: nn,
  media: z.object({ connected: n, measured: n, noMedia: n, notMeasured: n }),
});
export type Week = z.infer<typeof Week>;
const UnitWeek = z.object({
  unitId: z.string(),
  unitName: z.string(),
  isoWeek: z.string(),
  activeCitizens: n,
  activeStaff: n,
  planned: n,
  completedOnScreen: n,
  completedByPhone: n,
  completedOnSite: n,
  noAnswer: n,
  cancelled: n,
  totalCallSeconds: n,
  estimatedMinutesSaved: n,
});
export type UnitWeek = z.infer<typeof UnitWeek>;
const Night = z.object({
  poolName: z.string(),
  isoWeek: z.string(),
  placed: n,
  answered: n,
  averageSecondsToAnswer: nn,
  maxSecondsToAnswer: nn,
  missed: n,
  escalated: n,
});
export type NightWeek = z.infer<typeof Night>;
const Dashboard = z.object({
  from: z.string(),
  to: z.string(),
  targets: z.object({
    activeCitizens: n,
    activeStaff: n,
    minutesSavedPerCitizenWeek: z.array(n),
  }),
  weeks: z.array(Week),
  month: z.object({ from: z.string(), to: z.string(), activeCitizens: n, activeStaff: n }),
  units: z.array(UnitWeek),
  cancelReasons: z.array(z.object({ reason: z.string(), count: n })),
  nightWatch: z.array(Night),
  devices: z.object({
    lent: n,
    onlineNow: n,
    notEnrolled: n,
    weeks: z.array(z.object({ isoWeek: z.string(), samples: n, online: n, sharePercent: nn })),
  }),
});
export type Dashboard = z.infer<typeof Dashboard>;

/** Without a period the server picks the last 10 weeks up to today in the municipality (the answer says which). */
export function fetchDashboard(
  period: { from: string; to: string } | null,
  signal?: AbortSignal,
): Promise<Dashboard> {
  const query = period ? `?from=${period.from}&to=${period.to}` : '';
  return apiFetch(`/api/dashboard${query}`, {
    parse: (j) => Dashboard.parse(j),
    ...(signal ? { signal } : {}),
  });
}

export const vtvUrl = (from: string, to: string) => `/api/dashboard/vtv.csv?from=${from}&to=${to}`;
export const csvUrl = (from: string, to: string) => `/api/stats/weekly.csv?from=${from}&to=${to}`;
