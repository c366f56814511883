import type { RefusalCode } from '@screenvisit/protocol';

/**
 * Refusals the router itself makes (the permission service brings its own texts). Danish, plain words; the
 * clients show their own translation by `code`.
 */
export const ROUTER_REFUSAL_TEXT: Partial<Record<RefusalCode, string>> = {
  callee_offline: 'Personen kan ikke nås lige nu. Prøv igen lidt senere.',
  callee_busy: 'Personen er i et andet opkald. Prøv igen om lidt.',
  not_permitted: 'Opkaldet kan ikke gennemføres. Kontakt jeres kontaktperson, hvis det bliver ved.',
  nobody_on_duty: 'Nattevagten kan ikke tage opkaldet lige nu. De ringer dig op, så snart de kan.',
};

export const NO_CITIZEN_TEXT = 'Skærmen er ikke knyttet til en borger endnu. Kontakt kommunen.';
