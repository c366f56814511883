import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';

/** Support's citizen admin (cloud/src/citizens/support-routes.ts, cloud/src/accounts/routes.ts). */
const csrf = (token: string) => ({ 'x-csrf-token': token });
const Citizen = z.object({
  id: z.string(),
  displayName: z.string(),
  initials: z.nullable(z.string()),
  photoRef: z.nullable(z.string()),
});
export type Citizen = z.infer<typeof Citizen>;

export const createCitizen = (token: string, displayName: string, initials: string) =>
  apiFetch('/api/citizens', {
    method: 'POST',
    headers: csrf(token),
    body: { displayName, ...(initials ? { initials } : {}) },
    parse: (j) => Citizen.parse(j),
  });
export const readCitizen = (id: string, signal?: AbortSignal) =>
  apiFetch(`/api/citizens/${encodeURIComponent(id)}`, {
    ...(signal ? { signal } : {}),
    parse: (j) => Citizen.parse(j),
  });
export const editCitizen = (token: string, id: string, displayName: string, initials: string) =>
  apiFetch(`/api/citizens/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    headers: csrf(token),
    body: { displayName, initials: initials || null },
    parse: (j) => Citizen.parse(j),
  });
export const closeCitizen = (token: string, id: string) =>
  apiFetch(`/api/citizens/${encodeURIComponent(id)}/disable`, {
    method: 'POST',
    headers: csrf(token),
    parse: () => null,
  });

export type Channel = 'letter' | 'sms' | 'digital_post';
const Issued = z.object({
  codeId: z.string(),
  channel: z.enum(['letter', 'sms', 'digital_post']),
  expiresAt: z.string(),
  via: z.string(),
  letterPdfBase64: z.optional(z.string()),
});
export type Issued = z.infer<typeof Issued>;
export const issueCode = (
  token: string,
  id: string,
  request:
    | { channel: 'letter' }
    | { channel: 'sms'; phone: string }
    | { channel: 'digital_post'; recipientRef: string },
) =>
  apiFetch(`/api/citizens/${encodeURIComponent(id)}/activation-codes`, {
    method: 'POST',
    headers: csrf(token),
    body: request,
    parse: (j) => Issued.parse(j),
  });

/** The letter as a blob URL for the browser's own PDF viewer, which prints it. Revoke it when done. */
export function letterUrl(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

/**
 * A browser bound to the citizen by a redeemed code (their own phone, tablet or PC). The cloud knows no make or
 * model: only when it was bound, when it last logged in, and whether support revoked it.
 */
const Credential = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  revokedAt: z.nullable(z.string()),
});
export type Credential = z.infer<typeof Credential>;
export const listCredentials = (id: string) =>
  apiFetch(`/api/citizens/${encodeURIComponent(id)}/credentials`, {
    parse: (j) => z.array(Credential).parse(j),
  });
/** Logs that browser out at once: the cloud ends every session it started (cloud/src/citizens/credentials.ts). */
export const revokeCredential = (token: string, id: string, credentialId: string) =>
  apiFetch(`/api/citizens/${encodeURIComponent(id)}/credentials/${encodeURIComponent(credentialId)}`, {
    method: 'DELETE',
    headers: csrf(token),
    parse: () => null,
  });
