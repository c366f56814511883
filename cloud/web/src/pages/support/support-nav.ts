import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type Tab =
  | 'citizens'
  | 'cases'
  | 'staff'
  | 'relations'
  | 'planning'
  | 'pools'
  | 'devices'
  | 'alerts'
  | 'import'
  | 'stats'
  | 'accounts';

/**
 * Where the support desk is: one section at a time, chosen in the menu or by a link from one page to another
 * (the kiosk page's "Ret Aase Pedersens indstilling" opens the borrower's card under Borgere).
 *
 * INVARIANT: while `kiosk` is set the kiosks section stays mounted (hidden), so "back" returns to the same
 * kiosk page (DevicesSection keeps which kiosk is open in its own state) and not to the list.
 */
export interface DeskState {
  readonly tab: Tab;
  /** A citizen opened from another page: the citizens section starts on their card. */
  readonly citizen: { readonly id: string; readonly name: string } | null;
  /** A staff member opened from another page (an inactive-account alert): the staff section starts on their card. */
  readonly staff: { readonly id: string; readonly name: string } | null;
  /** The kiosk page the citizen was opened from (its label, for the way back). */
  readonly kiosk: { readonly label: string } | null;
  /**
   * A kiosk opened from another page (a kiosk's alert): the kiosks section starts on its page. Kept across a
   * citizen's card opened from that page and "back", so the section is not mounted afresh on the way back.
   */
  readonly device: { readonly id: string } | null;
  /** Counts returns to the kiosks section: a kiosk page re-reads what may have changed meanwhile on each. */
  readonly returns: number;
}

export type DeskStep =
  | { kind: 'menu'; tab: Tab }
  /** `kioskLabel`: the kiosk page it was opened from (the way back); null from an alert. */
  | { kind: 'open-citizen'; citizen: { id: string; name: string }; kioskLabel: string | null }
  | { kind: 'open-staff'; staff: { id: string; name: string } }
  | { kind: 'open-kiosk'; deviceId: string }
  | { kind: 'back' };

export const deskStart = (tab: Tab): DeskState => ({
  tab,
  citizen: null,
  staff: null,
  kiosk: null,
  device: null,
  returns: 0,
});

export function deskStep(state: DeskState, step: DeskStep): DeskState {
  switch (step.kind) {
    case 'menu':
      // The section already shown stays as it is (a second press does not empty the citizen's card).
      if (step.tab === state.tab) return state;
      return {
        tab: step.tab,
        citizen: null,
        staff: null,
        kiosk: null,
        device: null,
        returns: step.tab === 'devices' ? state.returns + 1 : state.returns,
      };
    case 'open-citizen':
      return {
        tab: 'citizens',
        citizen: step.citizen,
        staff: null,
        kiosk: step.kioskLabel === null ? null : { label: step.kioskLabel },
        // From the kiosk page: the same kiosk on the way back. From an alert: no kiosk page to keep.
        device: step.kioskLabel === null ? null : state.device,
        returns: state.returns,
      };
    case 'open-staff':
      return {
        tab: 'staff',
        citizen: null,
        staff: step.staff,
        kiosk: null,
        device: null,
        returns: state.returns,
      };
    case 'open-kiosk':
      return {
        tab: 'devices',
        citizen: null,
        staff: null,
        kiosk: null,
        device: { id: step.deviceId },
        returns: state.returns + 1,
      };
    case 'back':
      if (!state.kiosk) return state;
      return {
        tab: 'devices',
        citizen: null,
        staff: null,
        kiosk: null,
        device: state.device,
        returns: state.returns + 1,
      };
  }
}

/** Whether the kiosks section is mounted: shown, or kept for the way back from a citizen's card. */
export const keepsDevices = (state: DeskState) => state.tab === 'devices' || state.kiosk !== null;

/**
 * Whether the kiosk page is kept mounted but hidden (a citizen's card opened from it is shown): it then stops its
 * 2 s poll, which nobody sees, and reads again at once on the way back (device-page.tsx).
 */
export const kioskPageHidden = (state: DeskState) => keepsDevices(state) && state.tab !== 'devices';

/** What a page may ask of the desk. Null outside the support desk: the page then offers no link. */
export interface SupportNav {
  /** Opens a citizen's card under Borgere, from a kiosk page (its label, for the way back) or an alert (null). */
  openCitizen(citizen: { id: string; name: string }, kioskLabel: string | null): void;
  /** Opens a staff member's card under Medarbejdere (from an alert). */
  openStaff(staff: { id: string; name: string }): void;
  /** Opens a kiosk's page under Skærme (from an alert about it). */
  openKiosk(deviceId: string): void;
  /** Changes each time support comes back to the kiosks section. */
  readonly returns: number;
  /** The kiosk page is kept but hidden behind a citizen's card (kioskPageHidden): it polls nothing meanwhile. */
  readonly kioskHidden: boolean;
}

export const SupportNavContext = createContext<SupportNav | null>(null);
export const useSupportNav = () => useContext(SupportNavContext);
