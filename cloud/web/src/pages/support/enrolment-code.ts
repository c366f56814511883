/**
 * Whether the enrolment code made for this kiosk before still works at `now`: made, not used (the cloud clears it
 * then) and not expired. A lend keeps such a code instead of making a new one that would replace it.
 */
export function codeStillWorks(d: { readonly enrolmentCodeUntil?: string | null }, now: number): boolean {
  return d.enrolmentCodeUntil != null && Date.parse(d.enrolmentCodeUntil) > now;
}
