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
  units: z.array(z.string()),
  ref: z.string(),
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
/**
 * What tells a citizen apart from a namesake, with no personal data: the units they are enrolled in (names of the
 * municipality's own units) and, when another in the same list still looks the same (same name, same units), the
 * short ref that the citizen card also shows. `all`: the list the citizen is shown in.
 */
export function citizenDistinction(
  h: { displayName: string; units: readonly string[]; ref: string },
  all: readonly { displayName: string; units: readonly string[] }[],
  t: Translate,
): string {
  const units = h.units.length > 0 ? h.units.join(', ') : t('combo.noUnit');
  const lookAlikes = all.filter(
    (o) => o.displayName === h.displayName && o.units.join('\n') === h.units.join('\n'),
  ).length;
  return lookAlikes > 1 ? `${units} · ${t('combo.ref', { ref: h.ref })}` : units;
}

/** As a combobox option; the detail is part of the option's text, so a screen reader hears it with the name. */
export const citizenOption = (h: CitizenHit, t: Translate, all: readonly CitizenHit[] = [h]): ComboHit => ({
  id: h.id,
  label: h.displayName,
  detail: [
    citizenDistinction(h, all, t),
    h.initials,
    !h.active ? t('combo.closed') : h.online ? t('combo.online') : null,
  ]
    .filter(Boolean)
    .join(' · '),
});

export const staffSearch = (t: Translate) => async (q: string, signal: AbortSignal) =>
  (await findStaff(q, signal)).filter((h) => h.active).map((h) => staffOption(h, t));
export const citizenSearch =
  (t: Translate, options: { callable?: boolean; includeClosed?: boolean } = {}) =>
  async (q: string, signal: AbortSignal) => {
    const hits = (await findCitizens(q, signal, { callable: options.callable ?? false })).filter(
      (h) => options.includeClosed || h.active,
    );
    return hits.map((h) => citizenOption(h, t, hits));
  };
