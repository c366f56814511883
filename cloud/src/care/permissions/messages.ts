import type { LocalisedText, RefusalDetail } from './graph.js';

/**
 * Shown to the person who tried to call: plain words, no codes, no blame, and what to do instead. Written for
 * the target group (elderly citizens, busy staff); the Danish text is the primary one.
 */
export const REFUSAL_TEXT: Record<RefusalDetail, LocalisedText> = {
  unknown_party: {
    da: 'Opkaldet kan ikke gennemføres. Kontakt jeres kontaktperson, hvis det bliver ved.',
    en: 'This call cannot be made. Contact your usual contact person if it keeps happening.',
  },
  caller_disabled: {
    da: 'Din adgang er lukket. Kontakt kommunen, hvis du mener, det er en fejl.',
    en: 'Your access has been closed. Contact the municipality if you think this is a mistake.',
  },
  callee_disabled: {
    da: 'Personen kan ikke længere modtage opkald her.',
    en: 'This person can no longer receive calls here.',
  },
  no_relation: {
    da: 'Du kan ikke ringe til denne person. I er ikke forbundet i systemet.',
    en: 'You cannot call this person. You are not connected in the system.',
  },
  direction_not_allowed: {
    da: 'Du kan ikke selv ringe op hertil. Personalet ringer til dig.',
    en: 'You cannot call here yourself. The staff will call you.',
  },
  not_the_guide: {
    da: 'Kun borgerens egen vejleder kan ringe op. Du kan tale med vejlederen om borgeren.',
    en: "Only the citizen's own guide can call. You can consult the guide about the citizen.",
  },
  outside_time_window: {
    da: 'Der kan ikke ringes lige nu. Prøv igen inden for de aftalte tider.',
    en: 'Calls are not possible right now. Please try again within the agreed times.',
  },
};
