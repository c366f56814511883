import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { localDate, municipalityZone } from '../care/index.js';
import { appendAudit } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { denials } from '../kernel/http/route-helpers.js';
import type { CoreDeps } from '../kernel/ports.js';
import { auditToCsv } from './csv.js';
import { auditViewFor, readAudit } from './visibility.js';

/** Exports are bounded: a larger log is exported in pages with `before`. */
export const EXPORT_MAX_ROWS = 50_000;

const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    actorKind: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    targetKind: z.string().nullable(),
    targetId: z.string().nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry');

const Before = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional();

const listRoute = createRoute({
  method: 'get',
  path: '/api/audit',
  tags: ['audit'],
  summary: "The municipality's audit log, newest first",
  description:
    'Page with `before` = the smallest id of the previous page. Vendor support sees device diagnostics only.',
  middleware: [requireAuth(['support', 'system_admin', 'vendor_support'])] as const,
  request: {
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), before: Before }),
  },
  responses: {
    200: {
      description: 'a page of entries',
      content: {
        'application/json': {
          schema: z.object({ entries: z.array(AuditEntry), nextBefore: z.number().int().nullable() }),
        },
      },
    },
    ...denials,
  },
});

const exportRoute = createRoute({
  method: 'get',
  path: '/api/audit/export',
  tags: ['audit'],
  summary: 'Export the audit log as CSV or JSON (the export itself is audited)',
  middleware: [requireAuth(['support', 'system_admin'])] as const,
  request: {
    query: z.object({ format: z.enum(['csv', 'json']).default('json'), before: Before }),
  },
  responses: {
    200: {
      description: 'the log',
      content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: z.array(AuditEntry) } },
    },
    ...denials,
  },
});

export function auditRoutes(app: OpenAPIHono<AppEnv>, deps: CoreDeps) {
  app.openapi(listRoute, async (c) => {
    const principal = c.get('principal')!;
    const view = auditViewFor(principal.role);
    if (!view) throw AppError.forbidden();
    const { limit, before } = c.req.valid('query');
    const entries = await readAudit(deps.db.db, principal.municipalityId, view, { limit, before });
    const nextBefore = entries.length === limit ? entries[entries.length - 1]!.id : null;
    return c.json({ entries, nextBefore }, 200);
  });

  app.openapi(exportRoute, async (c) => {
    const principal = c.get('principal')!;
    const { format, before } = c.req.valid('query');
    const rows = await readAudit(deps.db.db, principal.municipalityId, 'full', {
      limit: EXPORT_MAX_ROWS,
      before,
    });
    // Audited after reading, so the export does not contain its own entry; it appears in the next one.
    await appendAudit(deps.db.db, {
      municipalityId: principal.municipalityId,
      actorKind: principal.kind,
      actorId: principal.id,
      action: 'data.exported',
      targetKind: 'audit_log',
      targetId: null,
      ip: c.get('clientIp'),
      details: { format, rows: rows.length },
    });
    // The municipality's date, not UTC's: an export taken at 00:30 in Copenhagen is named after the new day.
    const zone = await municipalityZone(deps.db.db, principal.municipalityId);
    const stamp = localDate(new Date(deps.clock.now()), zone);
    c.header('content-disposition', `attachment; filename="audit-${stamp}.${format}"`);
    c.header('cache-control', 'no-store');
    if (format === 'csv') {
      return c.body(auditToCsv(rows), 200, { 'content-type': 'text/csv; charset=utf-8' });
    }
    return c.json(rows, 200);
  });
}
