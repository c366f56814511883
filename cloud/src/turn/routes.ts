import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { requireAuth } from '../auth/session-middleware.js';
import { municipalitiesTable, parseMunicipalitySettings } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problem } from '../kernel/http/problem-schema.js';
import type { CoreDeps } from '../kernel/ports.js';
import { createIceServerIssuer, type IceServerIssuer } from './ice-servers.js';

export const IceServersResponse = z
  .object({
    iceServers: z.array(
      z.object({
        urls: z.array(z.string()),
        username: z.string().optional(),
        credential: z.string().optional(),
      }),
    ),
    iceTransportPolicy: z.enum(['all', 'relay']),
    expiresAt: z.iso.datetime().nullable(),
  })
  .openapi('IceServers');

const route = createRoute({
  method: 'get',
  path: '/api/calls/ice-servers',
  tags: ['calls'],
  summary: 'STUN/TURN servers for my next call, with time-limited TURN credentials',
  description:
    'Pass the answer to `new RTCPeerConnection({ iceServers, iceTransportPolicy })`. TURN credentials expire at ' +
    '`expiresAt`: a running call is not cut, but fetch again before an ICE restart after that time ' +
    '(`pc.setConfiguration(...)`, then `pc.restartIce()`).',
  middleware: [requireAuth()] as const,
  responses: {
    200: {
      description: 'ICE configuration',
      content: { 'application/json': { schema: IceServersResponse } },
    },
    401: problem('not logged in'),
    503: problem('relay-only calls are required but no TURN server is configured'),
  },
});

/** Used by: GET /api/calls/ice-servers. The calls router can call it too, for kiosks over MQTT. */
export async function iceServersFor(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  issuer: IceServerIssuer,
  principal: { readonly id: string; readonly municipalityId: string },
) {
  const [row] = await deps.db.db
    .select({ settings: municipalitiesTable.settings })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, principal.municipalityId));
  const { relayOnly } = parseMunicipalitySettings(row?.settings);
  if (relayOnly && !issuer.hasTurn) {
    throw AppError.unavailable(
      'Calls in this municipality go only through the TURN relay, and no TURN server is configured. Contact support.',
    );
  }
  return issuer.issue({ userId: principal.id, relayOnly, now: new Date(deps.clock.now()) });
}

export function turnRoutes(app: OpenAPIHono<AppEnv>, deps: CoreDeps) {
  // Built here, while the app is composed at start-up, so a missing TURN_SECRET stops the process at once.
  const issuer = createIceServerIssuer(deps.config);
  app.openapi(route, async (c) => {
    const principal = c.get('principal')!;
    const ice = await iceServersFor(deps, issuer, principal);
    // Credentials must not sit in shared caches or the browser's HTTP cache.
    c.header('cache-control', 'no-store');
    return c.json({ ...ice, expiresAt: ice.expiresAt?.toISOString() ?? null }, 200);
  });
}
