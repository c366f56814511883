/**
 * Whether support's staff card offers "Luk …" (cloud/src/accounts/routes.ts decides the same on the server: not
 * one's own account; a system administrator only by another system administrator). A closed account has
 * nothing to close. The card says why instead of showing a button that cannot work.
 */
export type CloseOffer = 'offer' | 'closed' | 'self' | 'system_admin';

export function closeOffer(
  person: { readonly id: string; readonly role: string },
  disabled: boolean,
  me: { readonly id: string | null; readonly role: string },
): CloseOffer {
  if (disabled) return 'closed';
  if (me.id !== null && person.id === me.id) return 'self';
  if (person.role === 'system_admin' && me.role !== 'system_admin') return 'system_admin';
  return 'offer';
}

/**
 * The logged-in person's own staff id, from a people search for their display name: the session names them and
 * their role but carries no id (GET /api/auth/session). Known only when exactly one staff member of the
 * municipality has that name and role and the search was not cut at its limit; otherwise null, and the card
 * offers the button (the cloud then refuses one's own account in Danish: "Du kan ikke deaktivere din egen konto.").
 */
export function ownStaffId(
  hits: readonly { readonly id: string; readonly displayName: string; readonly role: string }[],
  me: { readonly displayName: string; readonly role: string },
  limit: number,
): string | null {
  if (!me.displayName || hits.length >= limit) return null;
  const same = hits.filter((h) => h.displayName === me.displayName && h.role === me.role);
  return same.length === 1 ? same[0]!.id : null;
}
