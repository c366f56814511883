import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../auth/session-middleware.js';
import { listOutbox } from '../delivery/index.js';
import type { AppEnv } from '../kernel/http/env.js';
import { problem } from '../kernel/http/problem-schema.js';
import type { CitizensDeps } from './deps.js';
import {
  CitizenParams,
  CitizenView,
  CreateCitizenBody,
  CredentialParams,
  CredentialView,
  EditCitizenBody,
  IssueCodeBody,
  IssuedCode,
  OutboxEntry,
  SecurityLevelBody,
  SecurityLevelResult,
} from './schemas.js';
import {
  createCitizenAction,
  editCitizenAction,
  getCitizenAction,
  issueActivationCodeAction,
  listCredentialsAction,
  revokeCredentialAction,
  setSecurityLevelAction,
} from './support-actions.js';

const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
/** Every route is support (1st line) only; another municipality's citizen is a 404, not a 403. */
const denials = {
  400: problem('invalid input (unknown fields are refused)'),
  401: problem('not logged in'),
  403: problem('not support'),
  404: problem('no such citizen in your municipality'),
};

const create = createRoute({
  method: 'post',
  path: '/api/citizens',
  tags: ['citizens'],
  summary: 'Create a citizen: a display name, optional initials and photo reference. Nothing else.',
  description: 'No CPR number, no health information: any field beyond these three is refused (400).',
  middleware: [requireAuth(['support'])] as const,
  request: body(CreateCitizenBody),
  responses: { 201: json('created', CitizenView), ...denials },
});

const read = createRoute({
  method: 'get',
  path: '/api/citizens/{id}',
  tags: ['citizens'],
  summary: 'A citizen, as support sees them',
  middleware: [requireAuth(['support'])] as const,
  request: { params: CitizenParams },
  responses: { 200: json('the citizen', CitizenView), ...denials },
});

const edit = createRoute({
  method: 'patch',
  path: '/api/citizens/{id}',
  tags: ['citizens'],
  summary:
    'Change a citizen’s display name or initials (to close a citizen: POST /api/citizens/{id}/disable)',
  middleware: [requireAuth(['support'])] as const,
  request: { params: CitizenParams, ...body(EditCitizenBody) },
  responses: { 200: json('changed', CitizenView), ...denials },
});

const issueCode = createRoute({
  method: 'post',
  path: '/api/citizens/{id}/activation-codes',
  tags: ['citizens'],
  summary: 'Issue a one-time activation code by letter (PDF), SMS or Digital Post. Never e-mail.',
  description:
    'Single use; expires per channel (municipality setting activationCodeTtlHours); replaces older unused codes once delivered. The phone number or Digital Post reference is used for sending only and not stored.',
  middleware: [requireAuth(['support'])] as const,
  request: { params: CitizenParams, ...body(IssueCodeBody) },
  responses: {
    201: json('issued and delivered', IssuedCode),
    ...denials,
    503: problem('the SMS or Digital Post provider did not accept it; the code does not work'),
  },
});

const setSecurity = createRoute({
  method: 'put',
  path: '/api/citizens/{id}/security',
  tags: ['citizens'],
  summary: "Set the citizen's login level: device_bound, device_bound_pin (4–8 digits) or two_factor (TOTP)",
  description: "Ends the citizen's live sessions, so the new level applies at once.",
  middleware: [requireAuth(['support'])] as const,
  request: { params: CitizenParams, ...body(SecurityLevelBody) },
  responses: { 200: json('set', SecurityLevelResult), ...denials },
});

const listCreds = createRoute({
  method: 'get',
  path: '/api/citizens/{id}/credentials',
  tags: ['citizens'],
  summary: 'The browsers bound to a citizen (device-bound credentials), revoked ones included',
  middleware: [requireAuth(['support'])] as const,
  request: { params: CitizenParams },
  responses: { 200: json('credentials', z.array(CredentialView)), ...denials },
});

const revokeCred = createRoute({
  method: 'delete',
  path: '/api/citizens/{id}/credentials/{credentialId}',
  tags: ['citizens'],
  summary: 'Revoke a bound browser: its sessions end and its signalling sockets close at once',
  middleware: [requireAuth(['support'])] as const,
  request: { params: CredentialParams },
  responses: { 204: { description: 'revoked' }, ...denials },
});

const outbox = createRoute({
  method: 'get',
  path: '/api/activation-outbox',
  tags: ['citizens'],
  summary: 'Demo delivery: the SMS and Digital Post messages the outbox adapter would have sent',
  middleware: [requireAuth(['support'])] as const,
  request: { query: z.object({ citizenId: z.uuid().optional() }) },
  responses: { 200: json('newest first, at most 50', z.array(OutboxEntry)), ...denials },
});

export function citizenSupportRoutes(app: OpenAPIHono<AppEnv>, deps: CitizensDeps) {
  app.openapi(create, async (c) => {
    const citizen = await createCitizenAction(
      deps,
      c.get('principal')!,
      c.req.valid('json'),
      c.get('clientIp'),
    );
    return c.json(citizen, 201);
  });

  app.openapi(read, async (c) => {
    return c.json(await getCitizenAction(deps, c.get('principal')!, c.req.valid('param').id), 200);
  });

  app.openapi(edit, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(
      await editCitizenAction(deps, c.get('principal')!, id, c.req.valid('json'), c.get('clientIp')),
      200,
    );
  });

  app.openapi(issueCode, async (c) => {
    const { id } = c.req.valid('param');
    const issued = await issueActivationCodeAction(
      deps,
      c.get('principal')!,
      id,
      c.req.valid('json'),
      c.get('clientIp'),
    );
    c.header('cache-control', 'no-store');
    return c.json(issued, 201);
  });

  app.openapi(setSecurity, async (c) => {
    const { id } = c.req.valid('param');
    const result = await setSecurityLevelAction(
      deps,
      c.get('principal')!,
      id,
      c.req.valid('json'),
      c.get('clientIp'),
    );
    c.header('cache-control', 'no-store');
    return c.json(result, 200);
  });

  app.openapi(listCreds, async (c) => {
    return c.json(await listCredentialsAction(deps, c.get('principal')!, c.req.valid('param').id), 200);
  });

  app.openapi(revokeCred, async (c) => {
    const { id, credentialId } = c.req.valid('param');
    await revokeCredentialAction(deps, c.get('principal')!, id, credentialId, c.get('clientIp'));
    return c.body(null, 204);
  });

  app.openapi(outbox, async (c) => {
    const { citizenId } = c.req.valid('query');
    const rows = await listOutbox(deps.db.db, c.get('principal')!.municipalityId, citizenId);
    c.header('cache-control', 'no-store');
    return c.json(
      rows
        .map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }))
        .map(({ municipalityId: _, ...r }) => r),
      200,
    );
  });
}
