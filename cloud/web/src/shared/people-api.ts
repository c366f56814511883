import { z } from 'zod/mini';
import { apiFetch } from './api.js';
import type { ComboHit } from './combobox.js';
import type { Translate } from './i18n-context.js';

/** The people search (cloud/src/people/routes.ts): staff and citizens by name, within the caller's municipality. */
const StaffHit = z.object({
  id: z.string(),
  displayName: z.string(),
  username: z.string(),
  role: z.string(),
  active: z.boolean(),
  online: z.boolean(),
});
const CitizenHit = z.object({
  id: z.string(),
  displayName: z.string(),
  initials: z.nullable(z.string()),
  active: z.boolean(),
  online: z.boolean(),
});
export type StaffHit = z.infer<typeof StaffHit>;
export type CitizenHit = z.infer<typeof CitizenHit>;

const query = (q: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({ q, limit: '20', ...extra }).toString();

export const findStaff = (q: string, signal?: AbortSignal, ids?: readonly string[]) =>
  apiFetch(`/api/people/staff?${query(q, ids ? { ids: ids.join(',') } : {})}`, {
    ...(signal ? { signal } : {}),
    parse: (j) => z.array(StaffHit).parse(j),
  });

export const findCitizens = (
  q: string,
  signal?: AbortSignal,
  options: { callable?: boolean; ids?: readonly string[] } = {},
) =>
  apiFetch(
    `/api/people/citizens?${query(q, {
      ...(options.callable ? { callable: 'true' } : {}),
      ...(options.ids ? { ids: options.ids.join(',') } : {}),
    })}`,
    { ...(signal ? { signal } : {}), parse: (j) => z.array(CitizenHit).parse(j) },
  );

/** As combobox options: the username tells two "Anna Hansen" apart; closed accounts say so. */
export const staffOption = (h: StaffHit, t: Translate): ComboHit => ({
  id: h.id,
  label: h.displayName,
  detail: [h.username, h.active ? null : t('combo.closed')].filter(Boolean).join(' · '),
});
export const citizenOption = (h: CitizenHit, t: Translate): ComboHit => ({
  id: h.id,
  label: h.displayName,
  detail: [h.initials, !h.active ? t('combo.closed') : h.online ? t('combo.online') : null]
    .filter(Boolean)
    .join(' · '),
});

export const staffSearch = (t: Translate) => async (q: string, signal: AbortSignal) =>
  (await findStaff(q, signal)).filter((h) => h.active).map((h) => staffOption(h, t));
export const citizenSearch =
  (t: Translate, options: { callable?: boolean; includeClosed?: boolean } = {}) =>
  async (q: string, signal: AbortSignal) =>
    (await findCitizens(q, signal, { callable: options.callable ?? false }))
      .filter((h) => options.includeClosed || h.active)
      .map((h) => citizenOption(h, t));
