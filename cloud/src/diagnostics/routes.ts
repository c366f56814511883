import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { appendAudit } from '../db/index.js';
import type { AppEnv } from '../kernel/http/env.js';
import { denials } from '../kernel/http/route-helpers.js';
import type { Principal } from '../kernel/principal.js';
import { callBundle, deviceBundle } from './bundle.js';
import type { DiagnosticsDeps } from './deps.js';

const Params = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });
const Query = z.object({
  download: z
    .enum(['0', '1'])
    .default('0')
    .openapi({ description: '1: sent as an attachment (a .json file), for attaching to a ticket.' }),
});
const Bundle = z.record(z.string(), z.unknown()).openapi('DiagnosticsBundle');
const ok = {
  description: 'the bundle (no personal data)',
  content: { 'application/json': { schema: Bundle } },
};

// Support downloads bundles to send to 2nd line; vendor_support (2nd line) reads them directly.
const who = requireAuth(['support', 'vendor_support']);
const device = createRoute({
  method: 'get',
  path: '/api/diagnostics/devices/{id}',
  tags: ['diagnostics'],
  summary:
    'A device’s diagnostics bundle: versions, health, state history, commands, call quality, log lines',
  middleware: [who] as const,
  request: { params: Params, query: Query },
  responses: { 200: ok, ...denials },
});
const call = createRoute({
  method: 'get',
  path: '/api/diagnostics/calls/{id}',
  tags: ['diagnostics'],
  summary: 'A call’s diagnostics bundle: times, end reason, both sides’ media quality, events',
  middleware: [who] as const,
  request: { params: Params, query: Query },
  responses: { 200: ok, ...denials },
});

export function diagnosticsRoutes(app: OpenAPIHono<AppEnv>, deps: DiagnosticsDeps) {
  const now = () => new Date(deps.clock.now());
  /** Reading a bundle is audited like any read of operational data; returns the attachment header if asked. */
  const audited = async (
    p: Principal,
    ip: string | null,
    kind: 'device' | 'call',
    id: string,
    download: '0' | '1',
  ) => {
    await appendAudit(deps.db.db, {
      municipalityId: p.municipalityId,
      actorKind: 'staff',
      actorId: p.id,
      action: 'diagnostics.read',
      targetKind: kind,
      targetId: id,
      ip,
      details: {},
    });
    return download === '1'
      ? { 'content-disposition': `attachment; filename="screenvisit-${kind}-${id}.json"` }
      : undefined;
  };
  app.openapi(device, async (c) => {
    const p = c.get('principal')!;
    const { id } = c.req.valid('param');
    const bundle = await deviceBundle(deps.db.db, p.municipalityId, id, now());
    const headers = await audited(p, c.get('clientIp'), 'device', id, c.req.valid('query').download);
    return c.json(bundle, 200, headers);
  });
  app.openapi(call, async (c) => {
    const p = c.get('principal')!;
    const { id } = c.req.valid('param');
    const bundle = await callBundle(deps.db.db, p.municipalityId, id, now());
    const headers = await audited(p, c.get('clientIp'), 'call', id, c.req.valid('query').download);
    return c.json(bundle, 200, headers);
  });
}
