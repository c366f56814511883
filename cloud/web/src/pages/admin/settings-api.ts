import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';
import { mobileAsWritten } from '../../shared/danish-mobile.js';

/** GET/PUT /api/settings (cloud/src/settings/routes.ts), the system administrator's settings. */
const Minutes = z.object({
  medicine: z.number(),
  reassurance: z.number(),
  conversation: z.number(),
  training: z.number(),
});
const Settings = z.object({
  municipality: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  staffNetworks: z.array(z.string()),
  idleTimeoutMinutes: z.number(),
  passwordMaxAgeDays: z.nullable(z.number()),
  relayOnly: z.boolean(),
  citizenHelpPhone: z.nullable(z.string()),
  minutesSavedPerCall: Minutes,
  alerts: z.object({
    offlineHours: z.number(),
    wipePendingHours: z.number(),
    poorRttMs: z.number(),
    poorLossPercent: z.number(),
  }),
  serviceCase: z.object({
    evaluationDays: z.array(z.number()),
    evaluateEveryDays: z.number(),
    collectWithinDays: z.number(),
  }),
  pools: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      fallbackPhone: z.nullable(z.string()),
      alertPhone: z.nullable(z.string()),
    }),
  ),
  yourAddress: z.nullable(z.string()),
});
export type Settings = z.infer<typeof Settings>;

/** The settings as the form shows them: the alert mobile as the hint asks it written, not as stored (+45…). */
function readForForm(json: unknown): Settings {
  const read = Settings.parse(json);
  return { ...read, pools: read.pools.map((p) => ({ ...p, alertPhone: mobileAsWritten(p.alertPhone) })) };
}

export type SettingsChange = Partial<Omit<Settings, 'municipality' | 'yourAddress' | 'pools'>> & {
  pools?: { id: string; fallbackPhone: string | null; alertPhone: string | null }[];
  confirmLockout?: boolean;
};

export const readSettings = (signal?: AbortSignal) =>
  apiFetch('/api/settings', {
    ...(signal ? { signal } : {}),
    parse: readForForm,
  });
export const saveSettings = (token: string, change: SettingsChange) =>
  apiFetch('/api/settings', {
    method: 'PUT',
    headers: { 'x-csrf-token': token },
    body: change,
    parse: readForForm,
  });
