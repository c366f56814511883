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
