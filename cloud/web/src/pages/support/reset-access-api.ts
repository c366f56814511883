import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';

/** Resetting a locked-out staff member's access (cloud/src/accounts/reset-access/routes.ts). */
const SupportAccount = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.string(),
  closed: z.boolean(),
  hasPassword: z.boolean(),
  hasSecondFactor: z.boolean(),
  lastLoginAt: z.nullable(z.string()),
});
export type SupportAccount = z.infer<typeof SupportAccount>;
const Reset = z.object({
  username: z.string(),
  displayName: z.string(),
  oneTimePassword: z.string(),
  reopened: z.boolean(),
  sessionsRevoked: z.number(),
  secondFactorsRemoved: z.number(),
});
export type ResetOutcome = z.infer<typeof Reset>;

export const listSupportAccounts = (signal?: AbortSignal) =>
  apiFetch('/api/staff/support-accounts', {
    ...(signal ? { signal } : {}),
    parse: (j) => z.object({ accounts: z.array(SupportAccount) }).parse(j).accounts,
  });

/** The answer holds the one-time password: shown once, then forgotten (nothing keeps it). */
export const resetAccess = (token: string, staffId: string, reopen: boolean) =>
  apiFetch(`/api/staff/${encodeURIComponent(staffId)}/reset-access`, {
    method: 'POST',
    headers: { 'x-csrf-token': token },
    body: { reopen },
    parse: (j) => Reset.parse(j),
  });
