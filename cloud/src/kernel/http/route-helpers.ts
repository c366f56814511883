import { z } from '@hono/zod-openapi';
import { AppError } from '../errors.js';
import type { DeactivationActor, Deactivator } from '../ports.js';
import type { Principal } from '../principal.js';
import { problemContent } from './problem-schema.js';

/** Shared by the account lifecycle, audit, GDPR and SCIM token routes. */
export const denials = {
  400: { description: 'invalid input', ...problemContent },
  401: { description: 'not logged in', ...problemContent },
  403: { description: 'not allowed', ...problemContent },
  404: { description: 'not found in your municipality', ...problemContent },
} as const;

/** 1st-line support and system admins manage accounts, always within their own municipality. */
export const ACCOUNT_MANAGERS = ['support', 'system_admin'] as const;

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export function actorOf(principal: Principal, ip: string | null): DeactivationActor {
  return { kind: principal.kind, id: principal.id, ip };
}

export function deactivatorOf(deps: { readonly deactivator?: Deactivator | undefined }): Deactivator {
  if (!deps.deactivator) throw AppError.unavailable('Deactivation is not available on this server.');
  return deps.deactivator;
}
