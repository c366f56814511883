import { and, eq, inArray } from 'drizzle-orm';
import { appendAudit, staffTable, unitMembershipsTable, unitsTable } from '../db/index.js';
import { externalIds, type ScimContext, setExternalId, UUID } from './context.js';
import { scimError } from './errors.js';

/** A SCIM Group is one of the municipality's units; its members are the unit's staff (RFC 7643 §4.2). */
export interface ScimGroupIn {
  displayName?: string;
  externalId?: string;
  members?: { value?: string }[];
}

export interface ScimGroupOut {
  id: string;
  displayName: string;
  externalId?: string;
  members: { value: string; type: 'User' }[];
  meta: { created: Date };
}

/** Units created by the identity provider get this kind; support can change it later. */
export const SCIM_UNIT_KIND = 'home_care_team' as const;

export async function readGroups(ctx: ScimContext, id: string | undefined): Promise<ScimGroupOut[]> {
  if (id !== undefined && !UUID.test(id)) throw scimError(404, null, `Resource ${id} not found`);
  const units = await ctx.db
    .select()
    .from(unitsTable)
    .where(
      and(eq(unitsTable.municipalityId, ctx.caller.municipalityId), id ? eq(unitsTable.id, id) : undefined),
    )
    .orderBy(unitsTable.createdAt);
  if (id && units.length === 0) throw scimError(404, null, `Resource ${id} not found`);
  const members =
    units.length === 0
      ? []
      : await ctx.db
          .select()
          .from(unitMembershipsTable)
          .where(
            inArray(
              unitMembershipsTable.unitId,
              units.map((u) => u.id),
            ),
          );
  const external = await externalIds(ctx, 'group');
  return units.map((u) => {
    const externalId = external.get(u.id);
    return {
      id: u.id,
      displayName: u.name,
      ...(externalId ? { externalId } : {}),
      members: members
        .filter((m) => m.unitId === u.id)
        .map((m) => ({ value: m.staffId, type: 'User' as const })),
      meta: { created: u.createdAt },
    };
  });
}

/**
 * POST creates a unit; PUT/PATCH rename it and set its membership to exactly `members` (SCIMMY applies a
 * PATCH to the current group and hands us the result). Members must be staff of the same municipality.
 * Each membership change is audited as a permission change.
 */
export async function writeGroup(
  ctx: ScimContext,
  id: string | undefined,
  group: ScimGroupIn,
): Promise<ScimGroupOut> {
  const m = ctx.caller.municipalityId;
  const name = group.displayName?.trim();
  if (!name || name.length > 200) throw scimError(400, 'invalidValue', 'displayName is required.');
  const wanted = [...new Set((group.members ?? []).map((member) => member.value ?? ''))];
  if (wanted.some((v) => !UUID.test(v))) throw scimError(400, 'invalidValue', 'members must be User ids.');
  if (wanted.length > 0) {
    const known = await ctx.db
      .select({ id: staffTable.id })
      .from(staffTable)
      .where(and(eq(staffTable.municipalityId, m), inArray(staffTable.id, wanted)));
    if (known.length !== wanted.length) throw scimError(400, 'invalidValue', 'members must be User ids.');
  }

  let unitId = id;
  if (unitId === undefined) {
    const [unit] = await ctx.db
      .insert(unitsTable)
      .values({ municipalityId: m, kind: SCIM_UNIT_KIND, name, createdAt: ctx.now })
      .returning({ id: unitsTable.id });
    unitId = unit!.id;
    await audit(ctx, 'unit.created', unitId, {});
  } else {
    await readGroups(ctx, unitId);
    await ctx.db.update(unitsTable).set({ name }).where(eq(unitsTable.id, unitId));
  }
  if (group.externalId !== undefined || id === undefined)
    await setExternalId(ctx, 'group', unitId, group.externalId);
  await setMembers(ctx, unitId, wanted);
  return (await readGroups(ctx, unitId))[0]!;
}

async function setMembers(ctx: ScimContext, unitId: string, wanted: readonly string[]) {
  const current = (
    await ctx.db.select().from(unitMembershipsTable).where(eq(unitMembershipsTable.unitId, unitId))
  ).map((r) => r.staffId);
  const add = wanted.filter((s) => !current.includes(s));
  const remove = current.filter((s) => !wanted.includes(s));
  if (add.length > 0) {
    await ctx.db
      .insert(unitMembershipsTable)
      .values(add.map((staffId) => ({ staffId, unitId, since: ctx.now })))
      .onConflictDoNothing();
  }
  if (remove.length > 0) {
    await ctx.db
      .delete(unitMembershipsTable)
      .where(and(eq(unitMembershipsTable.unitId, unitId), inArray(unitMembershipsTable.staffId, remove)));
  }
  for (const staffId of add) await audit(ctx, 'unit.member_added', unitId, { staffId });
  for (const staffId of remove) await audit(ctx, 'unit.member_removed', unitId, { staffId });
}

/** DELETE: the unit keeps its history (enrolments, calls); the IdP's link and all memberships go. */
export async function disposeGroup(ctx: ScimContext, id: string): Promise<void> {
  await readGroups(ctx, id);
  await setMembers(ctx, id, []);
  await setExternalId(ctx, 'group', id, null);
  await audit(ctx, 'unit.deprovisioned', id, {});
}

function audit(ctx: ScimContext, action: string, unitId: string, details: Record<string, unknown>) {
  return appendAudit(ctx.db, {
    municipalityId: ctx.caller.municipalityId,
    actorKind: 'scim',
    actorId: ctx.caller.tokenId,
    action,
    targetKind: 'unit',
    targetId: unitId,
    ip: ctx.ip,
    details: { via: 'scim', ...details },
  });
}
