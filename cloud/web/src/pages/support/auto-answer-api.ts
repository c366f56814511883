import { z } from 'zod/mini';
import { apiFetch, PASSIVE } from '../../shared/api.js';

/** A citizen's auto-answer policy (GET and PUT /api/citizens/{id}/auto-answer, cloud/src/care/relations/). */
const Policy = z.object({
  enabled: z.boolean(),
  countdownSeconds: z.number(),
  quietHours: z.nullable(z.object({ from: z.string(), to: z.string() })),
  doNotDisturbUntil: z.nullable(z.string()),
});
export type AutoAnswerPolicy = z.infer<typeof Policy>;
export type AutoAnswerInput = Omit<AutoAnswerPolicy, 'doNotDisturbUntil'>;

const path = (citizenId: string) => `/api/citizens/${encodeURIComponent(citizenId)}/auto-answer`;

/** `passive`: read again because the kiosk page re-read itself, not a person's doing (use-polling.ts). */
export const readAutoAnswer = (citizenId: string, signal?: AbortSignal, passive = false) =>
  apiFetch(path(citizenId), {
    ...(signal ? { signal } : {}),
    ...(passive ? { headers: PASSIVE } : {}),
    parse: (j) => Policy.parse(j),
  });

export const saveAutoAnswer = (token: string, citizenId: string, input: AutoAnswerInput) =>
  apiFetch(path(citizenId), {
    method: 'PUT',
    headers: { 'x-csrf-token': token },
    body: input,
    parse: (j) => Policy.parse(j),
  });

/** "Do not disturb until …" (PUT /api/citizens/{id}/do-not-disturb, audited there); `until: null` clears it. */
export const saveDoNotDisturb = (token: string, citizenId: string, until: Date | null) =>
  apiFetch(`/api/citizens/${encodeURIComponent(citizenId)}/do-not-disturb`, {
    method: 'PUT',
    headers: { 'x-csrf-token': token },
    body: { until: until?.toISOString() ?? null },
    parse: (j) => Policy.parse(j),
  });
