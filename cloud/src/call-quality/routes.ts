import { setTimeout as sleep } from 'node:timers/promises';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { callQualityReportsTable, type Db } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { ProblemSchema } from '../kernel/http/problem-schema.js';
import type { CoreDeps } from '../kernel/ports.js';
import { findCallRecord, sideOf } from './party.js';

/**
 * One call's media quality as a browser measured it (getStats), for support's diagnostics (issue 15 §5) and as
 * the evidence of "connected (both sides had media)" (issue 13, care/day-plan/connected.ts). Numbers only,
 * bounded: no media, no names, no IP addresses or candidates. `role` is what the browser believes; the side
 * stored is the one the call record says the sender took part on.
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

const problem = { content: { 'application/problem+json': { schema: ProblemSchema } } };
const route = createRoute({
  method: 'post',
  path: '/api/calls/quality',
  tags: ['calls'],
  summary:
    "Report the finished call's quality (RTT, loss, bitrate, resolution); only a party of the call may",
  middleware: [requireAuth()] as const,
  request: { body: { required: true, content: { 'application/json': { schema: QualityReport } } } },
  responses: {
    204: { description: 'stored, with the side the sender took part on' },
    400: { description: 'invalid', ...problem },
    401: { description: 'not logged in', ...problem },
    403: { description: 'the sender took no part in this call', ...problem },
    404: { description: 'no such call in this municipality', ...problem },
  },
});

/**
 * The call record is written when the call ends, a moment after both ends hear `call.ended` (calls/context.ts),
 * so a report can arrive first. It waits for that database write (real time, not the domain clock: a fake clock
 * in a test would never let it go), about 1.5 s at most, before calling the call unknown.
 */
const RECORD_WAITS_MS = [50, 100, 200, 400, 800] as const;

async function recordOf(db: Db, municipalityId: string, callId: string) {
  for (const wait of [0, ...RECORD_WAITS_MS]) {
    if (wait) await sleep(wait);
    const record = await findCallRecord(db, municipalityId, callId);
    if (record) return record;
  }
  return null;
}

/** Used by: the browser call code at hang-up (cloud/web/src/shared/call/quality-report.ts). */
export function callQualityRoutes(app: OpenAPIHono<AppEnv>, deps: CoreDeps) {
  app.openapi(route, async (c) => {
    const report = c.req.valid('json');
    const principal = c.get('principal')!;
    const db = deps.db.db;
    const record = await recordOf(db, principal.municipalityId, report.callId);
    if (!record) throw AppError.notFound('Call');
    const side = await sideOf(db, record, principal);
    if (!side)
      throw AppError.forbidden('Only the people in a call can report on it; you took no part in this call.');
    await db.insert(callQualityReportsTable).values({
      municipalityId: principal.municipalityId,
      callId: report.callId,
      side,
      report,
      createdAt: new Date(deps.clock.now()),
    });
    return c.body(null, 204);
  });
}
