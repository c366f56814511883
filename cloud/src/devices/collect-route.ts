import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, isNotNull } from 'drizzle-orm';
import { requireAuth } from '../auth/session-middleware.js';
import { appendAudit, devicesTable } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problem } from '../kernel/http/problem-schema.js';
import type { DevicesDeps } from './deps.js';
import { DeviceDetailView, DeviceParams } from './schemas.js';
import { deviceOf } from './scoped-device.js';

const collected = createRoute({
  method: 'post',
  path: '/api/devices/{id}/collected',
  tags: ['devices'],
  summary: 'Support fetched the kiosk from a closed citizen’s home: it no longer waits to be collected',
  description:
    'Clears "to be collected" (set when a citizen who borrowed it was closed, devices/closed-citizen-loan.ts), so the kiosk list and Advarsler stop asking for it. 409 when it was not waiting.',
  middleware: [requireAuth(['support'])] as const,
  request: { params: DeviceParams },
  responses: {
    200: { description: 'collected', content: { 'application/json': { schema: DeviceDetailView } } },
    401: problem('not logged in'),
    403: problem('not support'),
    404: problem('no such device in your municipality'),
    409: problem('the kiosk was not waiting to be collected'),
  },
});

/** Used by: POST /api/devices/{id}/collected (device page, "Skærmen er hentet"). Audited `device.collected`. */
export function collectRoutes(app: OpenAPIHono<AppEnv>, deps: DevicesDeps) {
  app.openapi(collected, async (c) => {
    const p = c.get('principal')!;
    if (!deps.devices) throw AppError.unavailable('Device management is not available on this server.');
    const db = deps.db.db;
    const device = await deviceOf(db, p.municipalityId, c.req.valid('param').id);
    const [cleared] = await db
      .update(devicesTable)
      .set({ collectSince: null })
      .where(and(eq(devicesTable.id, device.id), isNotNull(devicesTable.collectSince)))
      .returning({ id: devicesTable.id });
    if (!cleared) throw AppError.conflict('This kiosk was not waiting to be collected.');
    await appendAudit(db, {
      municipalityId: p.municipalityId,
      actorKind: 'staff',
      actorId: p.id,
      action: 'device.collected',
      targetKind: 'device',
      targetId: device.id,
      ip: c.get('clientIp'),
      details: {},
    });
    return c.json(await deps.devices.show(p.municipalityId, device.id, true), 200);
  });
}
