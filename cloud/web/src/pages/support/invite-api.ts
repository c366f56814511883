import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';

/** Staff invitations (cloud/src/auth/invites/routes.ts) and closing a staff member. */
const InviteStatus = z.object({
  hasPassword: z.boolean(),
  /** A temporary password (Nulstil adgang) that the next login must replace. */
  temporaryPassword: z.optional(z.boolean()),
  disabled: z.boolean(),
  lastLoginAt: z.nullable(z.string()),
  invite: z.nullable(
    z.object({
      state: z.enum(['pending', 'used', 'revoked', 'expired']),
      createdAt: z.string(),
      expiresAt: z.string(),
    }),
  ),
});
export type InviteStatus = z.infer<typeof InviteStatus>;
const Issued = z.object({ token: z.string(), path: z.string(), expiresAt: z.string() });
export type IssuedInvite = z.infer<typeof Issued>;

export const readInviteStatus = (staffId: string, signal?: AbortSignal) =>
  apiFetch(`/api/staff/${encodeURIComponent(staffId)}/invite`, {
    ...(signal ? { signal } : {}),
    parse: (j) => InviteStatus.parse(j),
  });

export const issueInvite = (token: string, staffId: string) =>
  apiFetch(`/api/staff/${encodeURIComponent(staffId)}/invite`, {
    method: 'POST',
    headers: { 'x-csrf-token': token },
    parse: (j) => Issued.parse(j),
  });

/**
 * Closes a staff member now (cloud/src/accounts/routes.ts): every session ends and open connections close. The
 * cloud refuses one's own account and, to support, a system administrator; the card does not offer those.
 */
export const closeStaff = (token: string, staffId: string) =>
  apiFetch(`/api/staff/${encodeURIComponent(staffId)}/disable`, {
    method: 'POST',
    headers: { 'x-csrf-token': token },
    parse: () => null,
  });
