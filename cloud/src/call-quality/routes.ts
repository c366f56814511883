import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { callQualityReportsTable } from '../db/index.js';
import type { AppEnv } from '../kernel/http/env.js';
import { ProblemSchema } from '../kernel/http/problem-schema.js';
import type { CoreDeps } from '../kernel/ports.js';

/**
 * One call's media quality as a browser measured it (getStats), for support's diagnostics (issue 15 §5).
 * Numbers only, bounded: no media, no names, no IP addresses or candidates.
 */
export const QualityReport = z
  .object({
    callId: z.uuid(),
    role: z.enum(['caller', 'callee']),
    durationSeconds: z.number().min(0).max(86_400),
    rttMs: z.number().min(0).max(60_000).nullable(),
    lossPercent: z.number().min(0).max(100),
    bitrateKbps: z.number().min(0).max(100_000),
    width: z.number().int().min(0).max(10_000).nullable(),
    height: z.number().int().min(0).max(10_000).nullable(),
    audioOnly: z.boolean(),
  })
  .strict()
  .openapi('CallQualityReport');

const route = createRoute({
  method: 'post',
  path: '/api/calls/quality',
  tags: ['calls'],
  summary: "Report the finished call's quality (RTT, loss, bitrate, resolution) for support's diagnostics",
  middleware: [requireAuth()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: QualityReport } } } },
  responses: {
    204: { description: 'stored' },
    400: { description: 'invalid', content: { 'application/problem+json': { schema: ProblemSchema } } },
    401: { description: 'not logged in', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

/** Used by: the browser call code at hang-up (cloud/web/src/shared/call/quality-report.ts). */
export function callQualityRoutes(app: OpenAPIHono<AppEnv>, deps: CoreDeps) {
  app.openapi(route, async (c) => {
    const report = c.req.valid('json');
    const principal = c.get('principal')!;
    await deps.db.db.insert(callQualityReportsTable).values({
      municipalityId: principal.municipalityId,
      callId: report.callId,
      side: report.role,
      report,
      createdAt: new Date(deps.clock.now()),
    });
    return c.body(null, 204);
  });
}
