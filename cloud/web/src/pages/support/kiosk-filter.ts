import type { DeviceSummary } from './devices-api.js';
import { returnedUnwiped } from './wipe-first.js';

/**
 * Support's kiosk list narrowed to what they look for (devices-section.tsx): a search over what the row shows
 * (the kiosk's label and, for support only, the borrower's name and ref), and one of the states the row shows: its
 * connection (online/offline) or its status, which is the hold when there is one (lifecycleText in device-bits.tsx:
 * a lost kiosk reads "Meldt bortkommet" whatever its stored lifecycle), else the lifecycle (cloud/src/devices/
 * lifecycle.ts). Filtering is over the polled list, in the browser: the list is the municipality's own kiosks.
 */
export const KIOSK_STATES = [
  'all',
  'online',
  'offline',
  'lent',
  'to_collect',
  'returned',
  'enrolled',
  'registered',
  'lost',
  'in_repair',
  'wiping',
  'retired',
] as const;
export type KioskState = (typeof KIOSK_STATES)[number];

export interface KioskFilter {
  readonly query: string;
  readonly state: KioskState;
}

export const NO_FILTER: KioskFilter = { query: '', state: 'all' };

type Row = Pick<DeviceSummary, 'label' | 'citizenName' | 'online' | 'lifecycle' | 'heldAs'> &
  Partial<Pick<DeviceSummary, 'citizenRef' | 'collectSince' | 'lent' | 'returnedUnwipedAt'>>;

export function isKioskState(value: string): value is KioskState {
  return (KIOSK_STATES as readonly string[]).includes(value);
}

/** Whether the row is in `state`: by its connection, or by the status the row shows (the hold first). */
export function inState(d: Row, state: KioskState): boolean {
  switch (state) {
    case 'all':
      return true;
    case 'online':
      return d.online;
    case 'offline':
      return !d.online;
    case 'to_collect':
      // From a closed citizen's home (cloud devices/closed-citizen-loan.ts), whatever its lifecycle.
      return Boolean(d.collectSince);
    case 'lost':
    case 'in_repair':
      return d.heldAs === state;
    case 'lent':
      // Lent before it enrolled (lifecycleText: "Udlånt, men ikke tilmeldt"): at a citizen's, so under "Udlånt"
      // as well as under "Registreret, ikke tilmeldt", where support finds the kiosks that still need a code.
      return !d.heldAs && (d.lifecycle === 'lent' || (d.lifecycle === 'registered' && d.lent === true));
    case 'returned':
      // Taken back and not wiped (lifecycleText: "Taget retur – skal slettes …"), not "På lager".
      return !d.heldAs && returnedUnwiped(d);
    case 'enrolled':
      return !d.heldAs && d.lifecycle === 'enrolled' && !returnedUnwiped(d);
    default:
      return !d.heldAs && d.lifecycle === state;
  }
}

/** Lower case, accents kept (æ, ø, å are letters of their own), runs of spaces as one. */
const fold = (s: string) => s.toLocaleLowerCase('da').replace(/\s+/g, ' ').trim();

/**
 * The rows that match: every word of the query in the label or the borrower's name. `names: false` (vendor
 * support, who sees no names) searches the label only, so a name never selects a row it cannot see.
 */
export function filterKiosks<T extends Row>(
  rows: readonly T[],
  filter: KioskFilter,
  options: { names: boolean },
): T[] {
  const words = fold(filter.query).split(' ').filter(Boolean);
  return rows.filter((d) => {
    if (!inState(d, filter.state)) return false;
    if (words.length === 0) return true;
    // The borrower's ref too: what tells two namesakes apart is what support types to find one.
    const text = fold(
      options.names && d.citizenName ? `${d.label} ${d.citizenName} ${d.citizenRef ?? ''}` : d.label,
    );
    return words.every((w) => text.includes(w));
  });
}

/** How many rows each state would show, for the state picker ("Offline (3)"). */
export function countByState(rows: readonly Row[]): Record<KioskState, number> {
  const counts = Object.fromEntries(KIOSK_STATES.map((s) => [s, 0])) as Record<KioskState, number>;
  for (const d of rows) for (const s of KIOSK_STATES) if (inState(d, s)) counts[s] += 1;
  return counts;
}
