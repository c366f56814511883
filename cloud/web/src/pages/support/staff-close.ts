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
 * Whether the staff card offers "Nulstil adgang" (cloud/src/accounts/reset-access/who-may-reset.ts decides the same
 * on the server): support for staff, unit managers and support colleagues, never oneself. Someone who never had a
 * password gets an invitation instead, unless her account is closed (the reset opens it again).
 */
const SUPPORT_RESETS: readonly string[] = ['staff', 'unit_manager', 'support'];

export function offersReset(
  person: { readonly id: string; readonly role: string },
  status: { readonly hasPassword: boolean; readonly disabled: boolean },
  me: { readonly id: string | null; readonly role: string },
): boolean {
  if (me.role !== 'support' || (me.id !== null && person.id === me.id)) return false;
  return SUPPORT_RESETS.includes(person.role) && (status.hasPassword || status.disabled);
}

/**
 * What a row under Supportkonti offers (cloud/src/accounts/reset-access/who-may-reset.ts decides the same on the
 * server): a support worker's access is reset by 2nd line or a support colleague, never by herself; a 2nd-line
 * account (vendor_support), one's own included, by operations only (`npm run bootstrap -- reset-account`), so its
 * row says so instead of "a colleague or 2nd line resets your own access", which is not true for 2nd line.
 */
export type AccountResetOffer = 'reset' | 'self' | 'operator';

export function accountResetOffer(
  account: { readonly id: string; readonly role: string },
  me: { readonly id: string | null; readonly role: string },
): AccountResetOffer {
  if (account.role !== 'support') return 'operator';
  return me.id !== null && account.id === me.id ? 'self' : 'reset';
}
