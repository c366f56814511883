import SCIMMY from 'scimmy';
import type { ScimContext } from './context.js';
import { toScimError } from './errors.js';
import { disposeGroup, readGroups, type ScimGroupIn, writeGroup } from './groups.js';
import { disposeUser, readUsers, type ScimUserIn, writeUser } from './users.js';

export const SCIM_BASE = '/scim/v2';

interface ScimResource {
  id?: string;
  filter?: { match<T>(values: T[]): T[] };
}

const guard = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw toScimError(error);
  }
};

/**
 * SCIMMY keeps its resource declarations in static state, so they are made once per process. The handlers
 * hold no state of their own: everything request-specific (database, municipality, clock) arrives as the
 * `ctx` that the routes pass to read/write/patch/dispose. Idempotent.
 */
export function declareScimResources(): void {
  if (SCIMMY.Resources.declared(SCIMMY.Resources.User)) return;
  SCIMMY.Config.set({
    patch: true,
    filter: 200,
    sort: true,
    authenticationSchemes: [
      { type: 'oauthbearertoken', name: 'Bearer token', description: 'Per-municipality token from support' },
    ],
  } as never);
  const users = SCIMMY.Resources.declare(SCIMMY.Resources.User);
  users.basepath(SCIM_BASE);
  users.extend(SCIMMY.Schemas.EnterpriseUser as never, false);
  users
    .egress((async (resource: ScimResource, ctx: ScimContext) => {
      const list = await guard(() => readUsers(ctx, resource.id));
      return resource.filter && !resource.id ? resource.filter.match(list) : list;
    }) as never)
    .ingress((async (resource: ScimResource, instance: ScimUserIn, ctx: ScimContext) =>
      guard(() => writeUser(ctx, resource.id, instance))) as never)
    .degress((async (resource: ScimResource, ctx: ScimContext) =>
      guard(() => disposeUser(ctx, resource.id!))) as never);

  const groups = SCIMMY.Resources.declare(SCIMMY.Resources.Group);
  groups.basepath(SCIM_BASE);
  groups
    .egress((async (resource: ScimResource, ctx: ScimContext) => {
      const list = await guard(() => readGroups(ctx, resource.id));
      return resource.filter && !resource.id ? resource.filter.match(list) : list;
    }) as never)
    .ingress((async (resource: ScimResource, instance: ScimGroupIn, ctx: ScimContext) =>
      guard(() => writeGroup(ctx, resource.id, instance))) as never)
    .degress((async (resource: ScimResource, ctx: ScimContext) =>
      guard(() => disposeGroup(ctx, resource.id!))) as never);
  SCIMMY.Resources.ServiceProviderConfig.basepath(SCIM_BASE);
}
