import { and, eq, ne } from 'drizzle-orm';
import { appendAudit, endDutyLeftByClosing, staffTable } from '../db/index.js';
import { externalIds, type ScimContext, scimActor, setExternalId, UUID } from './context.js';
import { scimError } from './errors.js';

/** What SCIMMY's User schema hands us (RFC 7643 §4.1); only these attributes are kept (data minimisation). */
export interface ScimUserIn {
  userName?: string;
  displayName?: string;
  name?: { formatted?: string; givenName?: string; familyName?: string };
  active?: boolean;
  externalId?: string;
}

export interface ScimUserOut {
  id: string;
  userName: string;
  displayName: string;
  active: boolean;
  externalId?: string;
  meta: { created: Date };
}

type StaffRow = typeof staffTable.$inferSelect;

function displayNameOf(user: ScimUserIn): string {
  const fromParts = [user.name?.givenName, user.name?.familyName].filter(Boolean).join(' ');
  return (user.displayName || user.name?.formatted || fromParts || user.userName || '').trim().slice(0, 200);
}

function out(row: StaffRow, external: Map<string, string>): ScimUserOut {
  const externalId = external.get(row.id);
  return {
    id: row.id,
    userName: row.username,
    displayName: row.displayName,
    active: row.disabledAt === null,
    ...(externalId ? { externalId } : {}),
    meta: { created: row.createdAt },
  };
}

/** Egress: one user by id, or every staff member of the token's municipality (SCIMMY applies paging). */
export async function readUsers(ctx: ScimContext, id: string | undefined): Promise<ScimUserOut[]> {
  const m = ctx.caller.municipalityId;
  if (id !== undefined && !UUID.test(id)) throw scimError(404, null, `Resource ${id} not found`);
  const rows = await ctx.db
    .select()
    .from(staffTable)
    .where(and(eq(staffTable.municipalityId, m), id ? eq(staffTable.id, id) : undefined))
    .orderBy(staffTable.createdAt);
  if (id && rows.length === 0) throw scimError(404, null, `Resource ${id} not found`);
  const external = await externalIds(ctx, 'user');
  return rows.map((r) => out(r, external));
}

async function assertUniqueUserName(ctx: ScimContext, userName: string, exceptId?: string) {
  const [clash] = await ctx.db
    .select({ id: staffTable.id })
    .from(staffTable)
    .where(
      and(
        eq(staffTable.municipalityId, ctx.caller.municipalityId),
        eq(staffTable.username, userName),
        exceptId ? ne(staffTable.id, exceptId) : undefined,
      ),
    );
  if (clash) throw scimError(409, 'uniqueness', 'userName is already in use.');
}

/**
 * Ingress: POST creates a staff member (role 'staff' always; SCIM never grants support or admin roles),
 * PUT/PATCH update userName, displayName, externalId and `active`. `active: false` goes through the
 * Deactivator, so it ends sessions and sockets within the same request.
 */
export async function writeUser(
  ctx: ScimContext,
  id: string | undefined,
  user: ScimUserIn,
): Promise<ScimUserOut> {
  const userName = user.userName?.trim();
  if (!userName || userName.length > 200) throw scimError(400, 'invalidValue', 'userName is required.');
  const displayName = displayNameOf(user);
  const m = ctx.caller.municipalityId;
  const audit = (action: string, targetId: string, details: Record<string, unknown> = {}) =>
    appendAudit(ctx.db, {
      municipalityId: m,
      actorKind: 'scim',
      actorId: ctx.caller.tokenId,
      action,
      targetKind: 'staff',
      targetId,
      ip: ctx.ip,
      details: { via: 'scim', ...details },
    });

  if (id === undefined) {
    await assertUniqueUserName(ctx, userName);
    const [row] = await ctx.db
      .insert(staffTable)
      .values({
        municipalityId: m,
        username: userName,
        displayName,
        role: 'staff',
        disabledAt: user.active === false ? ctx.now : null,
        createdAt: ctx.now,
      })
      .returning();
    await setExternalId(ctx, 'user', row!.id, user.externalId);
    await audit('staff.created', row!.id, { active: user.active !== false });
    return (await readUsers(ctx, row!.id))[0]!;
  }

  const [current] = await readUsers(ctx, id);
  await assertUniqueUserName(ctx, userName, id);
  await ctx.db
    .update(staffTable)
    .set({ username: userName, displayName })
    .where(and(eq(staffTable.id, id), eq(staffTable.municipalityId, m)));
  if (user.externalId !== undefined) await setExternalId(ctx, 'user', id, user.externalId);
  if (current!.userName !== userName || current!.displayName !== displayName) {
    await audit('staff.updated', id, { fields: ['userName', 'displayName'] });
  }
  if (user.active === false && current!.active) {
    await ctx.deactivator.disableStaff(m, id, scimActor(ctx), 'scim');
  } else if (user.active === true && !current!.active) {
    const [closed] = await ctx.db
      .select({ at: staffTable.disabledAt })
      .from(staffTable)
      .where(eq(staffTable.id, id));
    await ctx.db.update(staffTable).set({ disabledAt: null }).where(eq(staffTable.id, id));
    if (closed?.at) await endDutyLeftByClosing(ctx.db, id, closed.at);
    await audit('staff.enabled', id);
  }
  return (await readUsers(ctx, id))[0]!;
}

/** Degress: RFC 7644 §3.6 DELETE. We never hard-delete staff (audit history refers to them): disable instead. */
export async function disposeUser(ctx: ScimContext, id: string): Promise<void> {
  await readUsers(ctx, id);
  await ctx.deactivator.disableStaff(ctx.caller.municipalityId, id, scimActor(ctx), 'scim');
  await appendAudit(ctx.db, {
    municipalityId: ctx.caller.municipalityId,
    actorKind: 'scim',
    actorId: ctx.caller.tokenId,
    action: 'staff.deprovisioned',
    targetKind: 'staff',
    targetId: id,
    ip: ctx.ip,
    details: { via: 'scim' },
  });
}
