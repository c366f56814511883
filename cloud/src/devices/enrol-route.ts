import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { EnrolRequest, EnrolResponse } from '@screenvisit/protocol';
import type { AppEnv } from '../kernel/http/env.js';
import { ProblemSchema } from '../kernel/http/problem-schema.js';
import { enrolDevice } from './actions.js';
import type { DevicesDeps } from './deps.js';

const enrol = createRoute({
  method: 'post',
  path: '/api/devices/enrol',
  tags: ['devices'],
  summary: 'A kiosk trades its one-time enrolment code for its MQTT credential',
  description: 'The code is single use and expires. The credential is shown once and stored hashed.',
  request: { body: { required: true, content: { 'application/json': { schema: EnrolRequest } } } },
  responses: {
    201: { description: 'enrolled', content: { 'application/json': { schema: EnrolResponse } } },
    400: { description: 'invalid input', content: { 'application/problem+json': { schema: ProblemSchema } } },
    410: {
      description: 'code used, expired or unknown',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

export function deviceRoutes(app: OpenAPIHono<AppEnv>, deps: DevicesDeps) {
  app.openapi(enrol, async (c) => {
    const body = c.req.valid('json');
    return c.json(await enrolDevice(deps, body, clientAddress(c)), 201);
  });
}

function clientAddress(c: { env: unknown }): string | null {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? null;
}
