import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import type { Device } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problem } from '../kernel/http/problem-schema.js';
import type { Principal } from '../kernel/principal.js';
import type { DevicesDeps } from './deps.js';
import {
  CitizenChoicesQuery,
  CitizenChoicesView,
  CommandIssuedView,
  ConfigPushBody,
  DeviceDetailView,
  DeviceParams,
  DeviceSummaryView,
  EnrolmentCodeView,
  HoldBody,
  IdentifyBody,
  LendBody,
  PushedConfigView,
  RegisterDeviceBody,
  WipeBody,
  WipeOutcomeView,
} from './schemas.js';
import type { DeviceActor } from './scoped-device.js';
import type { DeviceService } from './service.js';

const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
const denials = {
  400: problem('invalid input (unknown fields are refused)'),
  401: problem('not logged in'),
  403: problem('not allowed'),
  404: problem('no such device in your municipality'),
  409: problem('not possible in the device’s lifecycle state'),
};
// Support manages loan devices; vendor support reads diagnostics (GETs) without who a device is lent to.

const route = <M extends 'get' | 'post' | 'put', P extends string>(method: M, path: P, summary: string) => ({
  method,
  path,
  tags: ['devices'],
  summary,
});

const list = createRoute({
  ...route('get', '/api/devices', 'Loan devices: lifecycle, online, last seen, versions, health'),
  middleware: [requireAuth(['support', 'vendor_support'])] as const,
  responses: { 200: json('devices', z.object({ devices: z.array(DeviceSummaryView) })), ...denials },
});
const register = createRoute({
  ...route('post', '/api/devices', 'Register a loan device by its inventory label'),
  middleware: [requireAuth(['support'])] as const,
  request: body(RegisterDeviceBody),
  responses: { 201: json('registered', DeviceSummaryView), ...denials },
});
const show = createRoute({
  ...route('get', '/api/devices/{id}', 'One device with its target config and pending commands'),
  middleware: [requireAuth(['support', 'vendor_support'])] as const,
  request: { params: DeviceParams },
  responses: { 200: json('device', DeviceDetailView), ...denials },
});
const enrolmentCode = createRoute({
  ...route('post', '/api/devices/{id}/enrolment-code', 'Issue a one-time enrolment code (shown once)'),
  middleware: [requireAuth(['support'])] as const,
  request: { params: DeviceParams },
  responses: { 201: json('issued', EnrolmentCodeView), ...denials },
});
const lend = createRoute({
  ...route('post', '/api/devices/{id}/lend', 'Lend the device to a citizen'),
  middleware: [requireAuth(['support'])] as const,
  request: { params: DeviceParams, ...body(LendBody) },
  responses: { 200: json('lent', DeviceSummaryView), ...denials },
});
const giveBack = createRoute({
  ...route('post', '/api/devices/{id}/return', 'The device came back from its citizen'),
  middleware: [requireAuth(['support'])] as const,
  request: { params: DeviceParams },
  responses: { 200: json('returned', DeviceSummaryView), ...denials },
});
const config = createRoute({
  ...route('put', '/api/devices/{id}/config', 'Push a new target configuration version'),
  middleware: [requireAuth(['support'])] as const,
  description:
    'Fields left out keep the current target. Contacts follow the citizen’s teams. The kiosk acknowledges the version it applied.',
  request: { params: DeviceParams, ...body(ConfigPushBody) },
  responses: { 202: json('queued in the outbox', PushedConfigView), ...denials },
});
const wipe = createRoute({
  ...route('post', '/api/devices/{id}/wipe', 'Remote wipe: revoke now, erase the kiosk'),
  middleware: [requireAuth(['support'])] as const,
  description:
    'The credential is revoked at once. An online kiosk gets the wipe and acknowledges it (or is cut after a timeout); an offline one is refused at its next connection and wipes itself.',
  request: { params: DeviceParams, ...body(WipeBody) },
  responses: { 202: json('wipe requested', WipeOutcomeView), ...denials },
});

const identify = createRoute({
  ...route('post', '/api/devices/{id}/identify', 'Blink the kiosk’s light so support finds the box'),
  middleware: [requireAuth(['support'])] as const,
  request: { params: DeviceParams, ...body(IdentifyBody) },
  responses: { 202: json('queued in the outbox', CommandIssuedView), ...denials },
});
const restart = createRoute({
  ...route(
    'post',
    '/api/devices/{id}/restart',
    'Restart the kiosk’s connection (refused by a kiosk in a call)',
  ),
  middleware: [requireAuth(['support'])] as const,
  request: { params: DeviceParams },
  responses: { 202: json('queued in the outbox', CommandIssuedView), ...denials },
});
const hold = createRoute({
  ...route('post', '/api/devices/{id}/hold', 'Mark the device lost or in repair, or back in service'),
  middleware: [requireAuth(['support'])] as const,
  request: { params: DeviceParams, ...body(HoldBody) },
  responses: { 200: json('marked', DeviceDetailView), ...denials },
});
const citizens = createRoute({
  ...route('get', '/api/devices/citizens', 'Citizens to lend a device to, found by name'),
  middleware: [requireAuth(['support'])] as const,
  request: { query: CitizenChoicesQuery },
  responses: { 200: json('matching citizens (at most 20)', CitizenChoicesView), ...denials },
});

function serviceOf(deps: DevicesDeps): DeviceService {
  if (!deps.devices) throw AppError.unavailable('Device management is not available on this server.');
  return deps.devices;
}

const actor = (principal: Principal, ip: string | null): DeviceActor => ({ staffId: principal.id, ip });

/** The summary of one device as the list shows it. */
async function summary(service: DeviceService, device: Device) {
  return service.show(device.municipalityId, device.id, true);
}

export function supportDeviceRoutes(app: OpenAPIHono<AppEnv>, deps: DevicesDeps) {
  const personal = (p: Principal) => p.role === 'support';

  // Registered before /api/devices/{id} so "citizens" is never read as a device id.
  app.openapi(citizens, async (c) => {
    const p = c.get('principal')!;
    const { q, exact } = c.req.valid('query');
    return c.json({ citizens: await serviceOf(deps).citizens(p.municipalityId, q, exact === 'true') }, 200);
  });
  app.openapi(list, async (c) => {
    const p = c.get('principal')!;
    return c.json({ devices: await serviceOf(deps).list(p.municipalityId, personal(p)) }, 200);
  });
  app.openapi(register, async (c) => {
    const p = c.get('principal')!;
    const service = serviceOf(deps);
    const device = await service.register(
      p.municipalityId,
      c.req.valid('json').label,
      actor(p, c.get('clientIp')),
    );
    return c.json(await summary(service, device), 201);
  });
  app.openapi(show, async (c) => {
    const p = c.get('principal')!;
    return c.json(await serviceOf(deps).show(p.municipalityId, c.req.valid('param').id, personal(p)), 200);
  });
  app.openapi(enrolmentCode, async (c) => {
    const p = c.get('principal')!;
    const issued = await serviceOf(deps).enrolmentCode(
      p.municipalityId,
      c.req.valid('param').id,
      actor(p, c.get('clientIp')),
    );
    return c.json({ code: issued.code, expiresAt: issued.expiresAt.toISOString() }, 201);
  });
  app.openapi(lend, async (c) => {
    const p = c.get('principal')!;
    const service = serviceOf(deps);
    const device = await service.lend(
      p.municipalityId,
      c.req.valid('param').id,
      c.req.valid('json').citizenId,
      actor(p, c.get('clientIp')),
    );
    return c.json(await summary(service, device), 200);
  });
  app.openapi(giveBack, async (c) => {
    const p = c.get('principal')!;
    const service = serviceOf(deps);
    const device = await service.return(
      p.municipalityId,
      c.req.valid('param').id,
      actor(p, c.get('clientIp')),
    );
    return c.json(await summary(service, device), 200);
  });
  app.openapi(config, async (c) => {
    const p = c.get('principal')!;
    const pushed = await serviceOf(deps).pushConfig(
      p.municipalityId,
      c.req.valid('param').id,
      c.req.valid('json'),
      actor(p, c.get('clientIp')),
    );
    return c.json(pushed, 202);
  });
  app.openapi(wipe, async (c) => {
    const p = c.get('principal')!;
    const outcome = await serviceOf(deps).wipe(
      p.municipalityId,
      c.req.valid('param').id,
      c.req.valid('json').afterWipe,
      actor(p, c.get('clientIp')),
    );
    return c.json(outcome, 202);
  });
  app.openapi(identify, async (c) => {
    const p = c.get('principal')!;
    const issued = await serviceOf(deps).command(
      p.municipalityId,
      c.req.valid('param').id,
      'identify',
      actor(p, c.get('clientIp')),
      c.req.valid('json').seconds,
    );
    return c.json(issued, 202);
  });
  app.openapi(restart, async (c) => {
    const p = c.get('principal')!;
    const issued = await serviceOf(deps).command(
      p.municipalityId,
      c.req.valid('param').id,
      'restart',
      actor(p, c.get('clientIp')),
    );
    return c.json(issued, 202);
  });
  app.openapi(hold, async (c) => {
    const p = c.get('principal')!;
    const device = await serviceOf(deps).hold(
      p.municipalityId,
      c.req.valid('param').id,
      c.req.valid('json').heldAs,
      actor(p, c.get('clientIp')),
    );
    return c.json(device, 200);
  });
}
