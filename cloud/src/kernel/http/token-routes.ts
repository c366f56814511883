import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Clock } from '@screenvisit/protocol';
import type { MiddlewareHandler } from 'hono';
import { appendAudit, type Db } from '../../db/index.js';
import type { HashedTokenStore } from '../../db/repos/hashed-tokens.js';
import { AppError } from '../errors.js';
import type { Principal } from '../principal.js';
import type { AppEnv } from './env.js';
import { denials, IdParam } from './route-helpers.js';

/**
 * The management routes of a hashed-token store (db/repos/hashed-tokens.ts): create (shown once), list (when
 * `listSummary` is given) and revoke, each audited. Used by: the SCIM tokens (`/api/scim/tokens`) and the alert
 * tokens (`/api/alerts/tokens`). The feature passes its guard (requireAuth lives in auth/, above the kernel).
 */
export interface TokenRoutesSpec {
  readonly path: `/api/${string}/tokens`;
  readonly tag: string;
  readonly guard: MiddlewareHandler<AppEnv>;
  readonly store: HashedTokenStore;
  /** Audit actions `<auditPrefix>.token_created` / `.token_revoked` on target kind `targetKind`. */
  readonly auditPrefix: string;
  readonly targetKind: string;
  /** The 404 subject, e.g. 'SCIM token'. */
  readonly noun: string;
  readonly createSummary: string;
  readonly createDescription?: string;
  readonly createdDescription: string;
  readonly revokeSummary: string;
  readonly list?: { readonly summary: string; readonly schemaName: string };
}

const Label = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\w .:-]+$/, 'letters, digits, space, dot, colon and dash');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function hashedTokenRoutes(
  app: OpenAPIHono<AppEnv>,
  deps: { readonly db: { readonly db: Db }; readonly clock: Clock },
  spec: TokenRoutesSpec,
) {
  const audit = (
    principal: Principal,
    what: 'token_created' | 'token_revoked',
    id: string,
    ip: string | null,
  ) =>
    appendAudit(deps.db.db, {
      municipalityId: principal.municipalityId,
      actorKind: principal.kind,
      actorId: principal.id,
      action: `${spec.auditPrefix}.${what}`,
      targetKind: spec.targetKind,
      targetId: id,
      ip,
    });

  const createTokenRoute = createRoute({
    method: 'post',
    path: spec.path,
    tags: [spec.tag],
    summary: spec.createSummary,
    ...(spec.createDescription ? { description: spec.createDescription } : {}),
    middleware: [spec.guard] as const,
    request: {
      body: { required: true, content: { 'application/json': { schema: z.object({ label: Label }) } } },
    },
    responses: {
      201: {
        description: spec.createdDescription,
        content: { 'application/json': { schema: z.object({ id: z.uuid(), token: z.string() }) } },
      },
      ...denials,
    },
  });

  const revokeTokenRoute = createRoute({
    method: 'post',
    path: `${spec.path}/{id}/revoke`,
    tags: [spec.tag],
    summary: spec.revokeSummary,
    middleware: [spec.guard] as const,
    request: { params: IdParam },
    responses: { 204: { description: 'revoked' }, ...denials },
  });

  app.openapi(createTokenRoute, async (c) => {
    const principal = c.get('principal')!;
    const created = await spec.store.create(deps.db.db, {
      municipalityId: principal.municipalityId,
      label: c.req.valid('json').label,
      createdByStaffId: principal.kind === 'staff' ? principal.id : null,
      now: new Date(deps.clock.now()),
    });
    await audit(principal, 'token_created', created.id, c.get('clientIp'));
    c.header('cache-control', 'no-store');
    return c.json(created, 201);
  });

  if (spec.list) {
    const TokenView = z
      .object({
        id: z.uuid(),
        label: z.string(),
        createdAt: z.iso.datetime(),
        lastUsedAt: z.iso.datetime().nullable(),
        revokedAt: z.iso.datetime().nullable(),
      })
      .openapi(spec.list.schemaName);
    const listTokensRoute = createRoute({
      method: 'get',
      path: spec.path,
      tags: [spec.tag],
      summary: spec.list.summary,
      middleware: [spec.guard] as const,
      responses: {
        200: {
          description: 'tokens, oldest first',
          content: { 'application/json': { schema: z.object({ tokens: z.array(TokenView) }) } },
        },
        ...denials,
      },
    });
    app.openapi(listTokensRoute, async (c) => {
      const rows = await spec.store.list(deps.db.db, c.get('principal')!.municipalityId);
      const tokens = rows.map((r) => ({
        ...r,
        createdAt: r.createdAt.toISOString(),
        lastUsedAt: iso(r.lastUsedAt),
        revokedAt: iso(r.revokedAt),
      }));
      return c.json({ tokens }, 200);
    });
  }

  app.openapi(revokeTokenRoute, async (c) => {
    const principal = c.get('principal')!;
    const { id } = c.req.valid('param');
    if (!(await spec.store.revoke(deps.db.db, principal.municipalityId, id, new Date(deps.clock.now())))) {
      throw AppError.notFound(spec.noun);
    }
    await audit(principal, 'token_revoked', id, c.get('clientIp'));
    return c.body(null, 204);
  });
}
