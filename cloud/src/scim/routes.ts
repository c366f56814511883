import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import SCIMMY from 'scimmy';
import { clientIp } from '../kernel/http/client-ip.js';
import type { AppEnv } from '../kernel/http/env.js';
import type { ScimContext } from './context.js';
import type { ScimDeps } from './deps.js';
import { normaliseEntraPatch } from './entra-quirks.js';
import { scimError } from './errors.js';
import { declareScimResources, SCIM_BASE } from './scimmy-setup.js';
import { scimTokens } from './tokens.js';

/** RFC 7644 §3.1: SCIM messages use application/scim+json. */
const SCIM_JSON = 'application/scim+json';
const MAX_BODY = 256 * 1024;

type ResourceClass = typeof SCIMMY.Resources.User | typeof SCIMMY.Resources.Group;
const RESOURCES: Record<string, ResourceClass> = {
  Users: SCIMMY.Resources.User,
  Groups: SCIMMY.Resources.Group,
};

function send(c: Context, status: number, body: unknown): Response {
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, { 'content-type': SCIM_JSON });
}

/** RFC 7644 §3.12 error response; never a stack trace. */
function sendError(c: Context, error: unknown): Response {
  const scim = error instanceof SCIMMY.Types.Error ? error : scimError(500, null, 'Something went wrong.');
  const message = new SCIMMY.Messages.ErrorResponse(scim as never) as unknown as { status: string };
  if (message.status === '401') c.header('www-authenticate', 'Bearer realm="scim"');
  return send(c, Number(message.status), message);
}

async function bodyOf(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw scimError(400, 'invalidSyntax', 'The request body is not valid JSON.');
  }
}

/** Query parameters of RFC 7644 §3.4.2; startIndex and count must reach SCIMMY as integers. */
function listConfig(c: Context) {
  const q = c.req.query();
  const int = (v: string | undefined) => (v !== undefined && /^\d{1,9}$/.test(v) ? Number(v) : undefined);
  const config: Record<string, string | number> = {};
  for (const key of ['filter', 'attributes', 'excludedAttributes', 'sortBy', 'sortOrder'] as const) {
    const value = q[key];
    if (value !== undefined) config[key] = value;
  }
  const startIndex = int(q.startIndex);
  const count = int(q.count);
  if (startIndex !== undefined) config.startIndex = startIndex;
  if (count !== undefined) config.count = Math.min(count, 200);
  return config;
}

/**
 * A resource for the request's query. Constructing it only parses `filter`, `attributes` and the like, and
 * SCIMMY's filter parser can throw a plain TypeError on nonsense (e.g. `filter=0`): any such failure is the
 * client's, answered 400 invalidFilter (RFC 7644 §3.4.2.2, §3.12) rather than a 500.
 */
function resourceFor(Resource: ResourceClass, ...args: unknown[]) {
  try {
    return new (Resource as unknown as new (...a: unknown[]) => InstanceType<ResourceClass>)(...args);
  } catch (error) {
    if (error instanceof SCIMMY.Types.Error) throw error;
    throw scimError(400, 'invalidFilter', 'The filter or attribute list could not be understood.');
  }
}

/**
 * SCIM 2.0 (RFC 7643/7644) for Entra ID / AD provisioning of staff (Users) and unit membership (Groups).
 * Authenticated by a per-municipality bearer token; everything is scoped to that token's municipality.
 */
export function scimRoutes(app: OpenAPIHono<AppEnv>, deps: ScimDeps) {
  declareScimResources();
  const base = SCIM_BASE;

  // Hono hands a handler's exception to app.onError (problem+json); SCIM clients expect RFC 7644 §3.12 instead.
  app.use(`${base}/*`, async (c, next) => {
    await next();
    if (!c.error) return;
    if (!(c.error instanceof SCIMMY.Types.Error)) deps.log.error({ err: c.error }, 'scim request failed');
    c.res = sendError(c, c.error);
  });
  app.use(
    `${base}/*`,
    bodyLimit({
      maxSize: MAX_BODY,
      onError: (c) => sendError(c, scimError(413, null, `Request bodies are limited to ${MAX_BODY} bytes.`)),
    }),
  );

  const contextOf = async (c: Context): Promise<ScimContext> => {
    const now = new Date(deps.clock.now());
    const caller = await scimTokens.resolve(deps.db.db, c.req.header('authorization'), now);
    if (!caller) throw scimError(401, null, 'A valid bearer token is required.');
    if (!deps.deactivator) throw scimError(503, null, 'Provisioning is not available on this server.');
    const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
    const ip = clientIp(
      incoming?.socket?.remoteAddress ?? null,
      c.req.header('x-forwarded-for'),
      deps.config.TRUSTED_PROXIES,
    );
    return { db: deps.db.db, deactivator: deps.deactivator, caller, now, ip, log: deps.log };
  };

  const resourceOf = (c: Context): ResourceClass => {
    const resource = RESOURCES[c.req.param('type') ?? ''];
    if (!resource) throw scimError(404, null, 'Unknown resource type.');
    return resource;
  };

  app.get(`${base}/ServiceProviderConfig`, async (c) => {
    await contextOf(c);
    return send(c, 200, await new SCIMMY.Resources.ServiceProviderConfig().read());
  });

  app.get(`${base}/:type`, async (c) => {
    const ctx = await contextOf(c);
    const Resource = resourceOf(c);
    return send(c, 200, await resourceFor(Resource, listConfig(c)).read(ctx as never));
  });

  app.get(`${base}/:type/:id`, async (c) => {
    const ctx = await contextOf(c);
    const Resource = resourceOf(c);
    return send(c, 200, await resourceFor(Resource, c.req.param('id'), listConfig(c)).read(ctx as never));
  });

  app.post(`${base}/:type`, async (c) => {
    const ctx = await contextOf(c);
    const Resource = resourceOf(c);
    const created = (await new Resource().write((await bodyOf(c)) as never, ctx)) as { id: string };
    c.header('location', `${base}/${c.req.param('type')}/${created.id}`);
    return send(c, 201, created);
  });

  app.put(`${base}/:type/:id`, async (c) => {
    const ctx = await contextOf(c);
    const Resource = resourceOf(c);
    return send(c, 200, await new Resource(c.req.param('id')).write((await bodyOf(c)) as never, ctx));
  });

  app.patch(`${base}/:type/:id`, async (c) => {
    const ctx = await contextOf(c);
    const Resource = resourceOf(c);
    const body = normaliseEntraPatch(await bodyOf(c));
    const patched = await new Resource(c.req.param('id')).patch(body as never, ctx);
    // RFC 7644 §3.5.2: 204 when the service provider returns no body.
    return patched === undefined ? c.body(null, 204) : send(c, 200, patched);
  });

  app.delete(`${base}/:type/:id`, async (c) => {
    const ctx = await contextOf(c);
    const Resource = resourceOf(c);
    await new Resource(c.req.param('id')).dispose(ctx);
    return c.body(null, 204);
  });

  app.all(`${base}/*`, () => {
    throw scimError(404, null, 'Unknown SCIM endpoint.');
  });
}
