import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deviceCounts } from '../../devices/actions.js';
import { normalize } from '../../kernel/http/client-ip.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { NodeDeps } from '../deps.js';

/**
 * Who sees what (docs/security.md "Service status"): anyone only that the service is up; a logged-in staff
 * member the version and her OWN municipality's kiosk counts (the support page's "Systemets tilstand"), never
 * another municipality's; the host itself (a request on the loopback socket that no proxy forwarded: `npm
 * start` waiting for its kiosk, an operator's curl or monitoring on the host) the installation's counts.
 */
const Status = z
  .object({
    status: z.literal('up'),
    scope: z.enum(['public', 'municipality', 'installation']),
    version: z.string().optional(),
    devices: z.object({ total: z.number().int(), online: z.number().int() }).optional(),
  })
  .openapi('Status');

const route = createRoute({
  method: 'get',
  path: '/api/status',
  tags: ['operations'],
  summary: 'Service status: up for anyone; version and kiosk counts for your own municipality when logged in',
  description:
    'Anonymous: `{status:"up", scope:"public"}` only. Logged-in staff: the version and the kiosks of their own municipality (`scope: "municipality"`). A request from the host itself on loopback, not through a proxy: the whole installation (`scope: "installation"`). Counts only, never personal data.',
  responses: { 200: { description: 'status', content: { 'application/json': { schema: Status } } } },
});

/** On the host itself: the socket is loopback and no proxy said it forwarded someone else. */
function fromTheHost(c: Context<AppEnv>): boolean {
  if (c.req.header('x-forwarded-for') !== undefined || c.req.header('forwarded') !== undefined) return false;
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const peer = normalize(incoming?.socket?.remoteAddress ?? '');
  return peer === '127.0.0.1' || peer === '::1';
}

export function statusRoutes(app: OpenAPIHono<AppEnv>, deps: NodeDeps) {
  app.openapi(route, async (c) => {
    c.header('cache-control', 'no-store');
    const principal = c.get('principal');
    if (principal?.kind === 'staff') {
      const devices = await deviceCounts(deps, principal.municipalityId);
      return c.json(
        { status: 'up' as const, scope: 'municipality' as const, version: deps.version, devices },
        200,
      );
    }
    if (fromTheHost(c)) {
      const devices = await deviceCounts(deps);
      return c.json(
        { status: 'up' as const, scope: 'installation' as const, version: deps.version, devices },
        200,
      );
    }
    return c.json({ status: 'up' as const, scope: 'public' as const }, 200);
  });
}
