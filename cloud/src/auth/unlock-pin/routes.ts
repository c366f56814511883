import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { auditAuth } from '../login/audit.js';
import { problems } from '../login/schemas.js';
import { requireAuth } from '../session-middleware.js';
import { pinProblem, removeUnlockPin, setUnlockPin } from './store.js';

/** Every staff role; a citizen has no console to lock. */
const STAFF_ROLES = ['staff', 'unit_manager', 'support', 'vendor_support', 'system_admin'] as const;

const PinRequest = z
  .object({ pin: z.string().trim().max(16) })
  .strict()
  .openapi('UnlockPinRequest');

const setRoute = createRoute({
  method: 'put',
  path: '/api/auth/unlock-pin',
  tags: ['auth'],
  summary: 'Set your PIN for unlocking an idle-locked night-watch console (6-8 digits)',
  description:
    'The PIN unlocks only your own session locked by idleness while on night-watch duty; it never logs in. Five wrong PINs in a row switch it off until the code from the authenticator app unlocks.',
  middleware: [requireAuth(STAFF_ROLES)] as const,
  request: { body: { required: true, content: { 'application/json': { schema: PinRequest } } } },
  responses: { 204: { description: 'set' }, ...problems },
});

const removeRoute = createRoute({
  method: 'delete',
  path: '/api/auth/unlock-pin',
  tags: ['auth'],
  summary: 'Remove your unlock PIN (the authenticator app then unlocks)',
  middleware: [requireAuth(STAFF_ROLES)] as const,
  responses: { 204: { description: 'removed' }, ...problems },
});

/** Used by: the night-watch console's sound and lock panel ("Vælg PIN"). Staff only; audited, PIN never logged. */
export function unlockPinRoutes(app: OpenAPIHono<AppEnv>, deps: AuthDeps) {
  app.openapi(setRoute, async (c) => {
    const principal = c.get('principal')!;
    const { pin } = c.req.valid('json');
    const problem = pinProblem(pin);
    if (problem) throw AppError.invalidInput(problem, [{ path: 'pin', message: problem }]);
    await setUnlockPin(deps.db.db, principal.id, pin, new Date(deps.clock.now()));
    await auditAuth(deps, {
      action: 'auth.unlock_pin.set',
      municipalityId: principal.municipalityId,
      staffId: principal.id,
      ip: c.get('clientIp'),
    });
    return c.body(null, 204);
  });
  app.openapi(removeRoute, async (c) => {
    const principal = c.get('principal')!;
    await removeUnlockPin(deps.db.db, principal.id);
    await auditAuth(deps, {
      action: 'auth.unlock_pin.removed',
      municipalityId: principal.municipalityId,
      staffId: principal.id,
      ip: c.get('clientIp'),
    });
    return c.body(null, 204);
  });
}
