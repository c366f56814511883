import SCIMMY from 'scimmy';
import { isAppError } from '../kernel/errors.js';

/** RFC 7644 §3.12 `scimType` keywords we use. */
export type ScimType = 'uniqueness' | 'invalidValue' | 'invalidSyntax' | 'invalidFilter' | 'mutability';

/** A SCIM protocol error; the routes render it as urn:ietf:params:scim:api:messages:2.0:Error. */
export function scimError(status: number, scimType: ScimType | null, detail: string): Error {
  return new SCIMMY.Types.Error(status as never, scimType as never, detail);
}

export function isScimError(e: unknown): e is InstanceType<typeof SCIMMY.Types.Error> {
  return e instanceof SCIMMY.Types.Error;
}

/**
 * SCIMMY turns any handler exception it does not recognise into "404 not found"; a database outage must not
 * look like a missing user to Entra (it would re-create it). So handlers translate errors through here.
 */
export function toScimError(e: unknown): Error {
  if (isScimError(e)) return e;
  if (isAppError(e)) {
    return scimError(e.status, e.code === 'conflict' ? 'uniqueness' : null, e.detail);
  }
  return scimError(500, null, 'Something went wrong.');
}
