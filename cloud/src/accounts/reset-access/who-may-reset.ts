import type { StaffRole } from '../../db/index.js';

/** Who resets a staff member's access: a logged-in staff member (by role), or the operator's CLI (`system`). */
export type AccessResetter =
  | { readonly kind: 'staff'; readonly id: string; readonly role: StaffRole }
  | { readonly kind: 'system'; readonly ranBy: string | null };

/**
 * Which roles each role may reset, within its own municipality and never itself. 1st-line support helps the
 * people it already manages (it invites and closes them) and a support colleague; 2nd line (vendor_support)
 * helps the municipality's support workers, so a desk of one is never locked out for good. Nobody in the product
 * resets a system administrator or 2nd line: above-support accounts come back through the operator's
 * `npm run bootstrap -- reset-account`, as they were made (no privilege gained by taking over an account).
 */
export const RESETTABLE_ROLES = {
  staff: [],
  unit_manager: [],
  support: ['staff', 'unit_manager', 'support'],
  vendor_support: ['support'],
  system_admin: [],
} as const satisfies Record<StaffRole, readonly StaffRole[]>;

/** The roles that see a reset button at all (the route's requireAuth). */
export const RESETTERS = ['support', 'vendor_support'] as const satisfies readonly StaffRole[];

export function mayReset(by: AccessResetter, target: StaffRole): boolean {
  if (by.kind === 'system') return true;
  return (RESETTABLE_ROLES[by.role] as readonly StaffRole[]).includes(target);
}
