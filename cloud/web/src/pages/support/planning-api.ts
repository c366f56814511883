import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';

/** The planning routes (cloud/src/care/day-plan/routes.ts). */
const csrf = (token: string) => ({ 'x-csrf-token': token });
export const SLOT_TYPES = ['conversation', 'reassurance', 'medicine', 'training'] as const;
export type SlotType = (typeof SLOT_TYPES)[number];
export const REPEATS = ['none', 'weekly', 'fortnightly', 'weekdays'] as const;
export type Repeat = (typeof REPEATS)[number];

const PlannedSlot = z.object({
  id: z.string(),
  citizenId: z.string(),
  citizenName: z.string(),
  citizenOnline: z.boolean(),
  unitId: z.string(),
  unitName: z.string(),
  staffId: z.nullable(z.string()),
  staffName: z.nullable(z.string()),
  type: z.enum(SLOT_TYPES),
  localDate: z.string(),
  localTime: z.string(),
  outcome: z.nullable(z.enum(['completed', 'no_answer', 'cancelled'])),
  cancelReason: z.nullable(z.string()),
});
export type PlannedSlot = z.infer<typeof PlannedSlot>;

export const dayOf = (date: string, signal?: AbortSignal) =>
  apiFetch(`/api/day-plan/slots?date=${encodeURIComponent(date)}`, {
    ...(signal ? { signal } : {}),
    parse: (j) => z.array(PlannedSlot).parse(j),
  });

const Responsible = z.object({ id: z.string(), displayName: z.string(), username: z.string() });

/**
 * Whom the caller may name responsible for a visit of this unit and citizen: the server's own rule
 * (GET /api/day-plan/responsible), so the picker never offers someone the planning then refuses.
 */
export const responsibleChoices = (unitId: string, citizenId: string | null, signal?: AbortSignal) =>
  apiFetch(
    `/api/day-plan/responsible?${new URLSearchParams({ unitId, ...(citizenId ? { citizenId } : {}) })}`,
    { ...(signal ? { signal } : {}), parse: (j) => z.array(Responsible).parse(j) },
  );

export interface NewVisit {
  citizenId: string;
  unitId: string;
  staffId: string | null;
  type: SlotType;
  date: string;
  time: string;
  repeat: Repeat;
  until: string;
}

/** One visit, or a series (each visit its own slot afterwards). Resolves to how many visits were planned. */
export async function planVisit(token: string, v: NewVisit): Promise<number> {
  const who = { citizenId: v.citizenId, unitId: v.unitId, staffId: v.staffId, type: v.type };
  if (v.repeat === 'none') {
    await apiFetch('/api/day-plan/slots', {
      method: 'POST',
      headers: csrf(token),
      body: { ...who, date: v.date, time: v.time },
      parse: () => null,
    });
    return 1;
  }
  const slots = await apiFetch('/api/day-plan/series', {
    method: 'POST',
    headers: csrf(token),
    body: { ...who, time: v.time, startDate: v.date, until: v.until, repeat: v.repeat },
    parse: (j) => z.array(PlannedSlot).parse(j),
  });
  return slots.length;
}

export const moveVisit = (token: string, id: string, date: string, time: string) =>
  apiFetch(`/api/day-plan/slots/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    headers: csrf(token),
    body: { date, time },
    parse: () => null,
  });

export const cancelVisit = (token: string, id: string, reason: string) =>
  apiFetch(`/api/day-plan/slots/${encodeURIComponent(id)}/outcome`, {
    method: 'POST',
    headers: csrf(token),
    body: { outcome: 'cancelled', reason },
    parse: () => null,
  });
