import type { StaffRole } from '../db/index.js';

/** Every role the system knows. Citizens are a subject kind of their own, never a staff role. */
export type Role = 'citizen' | StaffRole;
export const ALL_ROLES: readonly Role[] = [
  'citizen',
  'staff',
  'unit_manager',
  'support',
  'vendor_support',
  'system_admin',
];

/** Who is calling, resolved from the session on every request. Every query is scoped by `municipalityId`. */
export interface Principal {
  readonly kind: 'staff' | 'citizen';
  readonly id: string;
  readonly role: Role;
  readonly municipalityId: string;
  readonly sessionId: string;
}

/** Hono variables set by the session middleware. */
export type AuthEnv = {
  Variables: {
    principal: Principal | null;
    /** The session even when it is not yet `full` (second factor or password change pending). */
    pendingSession: {
      id: string;
      stage: 'second_factor' | 'password_change';
      kind: 'staff' | 'citizen';
      subjectId: string;
    } | null;
    clientIp: string | null;
  };
};
