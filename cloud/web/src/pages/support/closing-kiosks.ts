import { type Said, said } from '../../shared/said.js';
import type { DeviceSummary } from './devices-api.js';

/** A kiosk a citizen borrows as the close dialog needs it: its label, and whether closing her wipes it. */
export interface LentKiosk {
  readonly label: string;
  /**
   * Closing her wipes it remotely only if it is enrolled (cloud devices/closed-citizen-loan.ts): a kiosk lent
   * while still `registered` never connected, holds nothing of her, and is only returned.
   */
  readonly wiped: boolean;
}

/** The kiosks lent to the citizen now, from the kiosk list (GET /api/devices: its lifecycle says enrolled or not). */
export function kiosksLentTo(
  devices: readonly Pick<DeviceSummary, 'label' | 'lent' | 'citizenId' | 'lifecycle'>[],
  citizenId: string,
): LentKiosk[] {
  return devices
    .filter((d) => d.lent && d.citizenId === citizenId)
    .map((d) => ({ label: d.label, wiped: d.lifecycle !== 'registered' }));
}

const KEYS = {
  before: {
    wiped: ['citizen.stillLent', 'citizen.stillLentMany'],
    returned: ['citizen.stillLentUnenrolled', 'citizen.stillLentUnenrolledMany'],
  },
  after: {
    wiped: ['citizen.collectNow', 'citizen.collectNowMany'],
    returned: ['citizen.collectNowUnenrolled', 'citizen.collectNowUnenrolledMany'],
  },
} as const;

/**
 * Which kiosks are to be fetched: before closing, "Skærmen KBH-0001, som Grethe Sørensen låner, skal hentes. …",
 * after, "Hent skærmen KBH-0001 hos …". A wiped kiosk's sentence says it is wiped remotely; a kiosk that is not
 * enrolled has its own sentence, which says there is nothing on it to wipe. Undefined when she borrows none.
 */
export function kioskLine(
  kiosks: readonly LentKiosk[],
  name: string,
  when: 'before' | 'after' = 'before',
): Said | undefined {
  const line = (group: 'wiped' | 'returned', then?: Said): Said | undefined => {
    const labels = kiosks.filter((k) => k.wiped === (group === 'wiped')).map((k) => k.label);
    if (labels.length === 0) return then;
    const [one, many] = KEYS[when][group];
    return said(labels.length === 1 ? one : many, { name, labels: { list: labels } }, then);
  };
  return line('wiped', line('returned'));
}
