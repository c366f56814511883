import { z } from '@hono/zod-openapi';
import type { Principal } from '../auth/principal.js';
import type { AppDeps } from '../kernel/deps.js';
import { AppError } from '../kernel/errors.js';
import { ProblemSchema } from '../kernel/http/problem-schema.js';
import type { DeactivationActor, Deactivator } from './deactivator.js';

/** Shared by the lifecycle, audit and GDPR routes. */
export const problem = { content: { 'application/problem+json': { schema: ProblemSchema } } };
export const denials = {
  400: { description: 'invalid input', ...problem },
  401: { description: 'not logged in', ...problem },
  403: { description: 'not allowed', ...problem },
  404: { description: 'not found in your municipality', ...problem },
} as const;

/** 1st-line support and system admins manage accounts, always within their own municipality. */
export const ACCOUNT_MANAGERS = ['support', 'system_admin'] as const;

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

export function actorOf(principal: Principal, ip: string | null): DeactivationActor {
  return { kind: principal.kind, id: principal.id, ip };
}

export function deactivatorOf(deps: AppDeps): Deactivator {
  if (!deps.deactivator) throw AppError.unavailable('Deactivation is not available on this server.');
  return deps.deactivator;
}
