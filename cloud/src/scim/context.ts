import { and, eq } from 'drizzle-orm';
import { type Db, scimExternalIdsTable } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import type { DeactivationActor, Deactivator } from '../kernel/ports.js';
import type { ScimCaller } from './tokens.js';

/** Passed by the routes through SCIMMY's `ctx` argument into the handlers: one request, one municipality. */
export interface ScimContext {
  readonly db: Db;
  readonly deactivator: Deactivator;
  readonly caller: ScimCaller;
  readonly now: Date;
  readonly ip: string | null;
  readonly log: Logger;
}

export const scimActor = (ctx: ScimContext): DeactivationActor => ({
  kind: 'scim',
  id: ctx.caller.tokenId,
  ip: ctx.ip,
});

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function externalIds(ctx: ScimContext, kind: 'user' | 'group'): Promise<Map<string, string>> {
  const rows = await ctx.db
    .select()
    .from(scimExternalIdsTable)
    .where(
      and(
        eq(scimExternalIdsTable.municipalityId, ctx.caller.municipalityId),
        eq(scimExternalIdsTable.kind, kind),
      ),
    );
  return new Map(rows.map((r) => [r.resourceId, r.externalId]));
}

/** Sets (or clears, with undefined/null) the IdP's externalId for a resource. */
export async function setExternalId(
  ctx: ScimContext,
  kind: 'user' | 'group',
  resourceId: string,
  externalId: string | null | undefined,
): Promise<void> {
  await ctx.db
    .delete(scimExternalIdsTable)
    .where(and(eq(scimExternalIdsTable.kind, kind), eq(scimExternalIdsTable.resourceId, resourceId)));
  if (!externalId) return;
  await ctx.db.insert(scimExternalIdsTable).values({
    kind,
    resourceId,
    municipalityId: ctx.caller.municipalityId,
    externalId,
  });
}
