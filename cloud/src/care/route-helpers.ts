import { z } from '@hono/zod-openapi';
import { appendAudit } from '../db/index.js';
import { problem } from '../kernel/http/problem-schema.js';
import type { CaseActor } from '../kernel/ports.js';
import type { Principal } from '../kernel/principal.js';
import type { CareDeps } from './deps.js';

/** Shared route pieces of the care API (issue 4). Every route uses them, so the OpenAPI document stays uniform. */
export type { CareDeps } from './deps.js';

/**
 * Tells the call router that relations changed, so live calls no longer allowed end now (permission_revoked)
 * instead of at its next periodic re-check. The change itself is already committed: a failing hook is logged,
 * never turned into a failed request. Returns how many calls ended (null without a call router).
 */
export async function recheckLiveCalls(deps: CareDeps): Promise<number | null> {
  if (!deps.callHooks) return null;
  try {
    return await deps.callHooks.recheckPermissions();
  } catch (error) {
    deps.log.warn({ err: error }, 'live-call permission re-check failed');
    return null;
  }
}

/** After a duty change: queued night-watch calls ring whoever came on duty. */
export async function notifyDutyChanged(deps: CareDeps, poolUnitId: string): Promise<void> {
  try {
    await deps.callHooks?.dutyChanged(poolUnitId);
  } catch (error) {
    deps.log.warn({ err: error, poolUnitId }, 'duty change hook failed');
  }
}

/**
 * After a pool's settings are saved: its switchboard number reaches the kiosks whose button calls it (the number
 * an offline kiosk shows). The settings are already committed: a failing push is logged, and the kiosks get the
 * number with their next config push.
 */
export async function pushPoolPhone(
  deps: CareDeps,
  municipalityId: string,
  poolUnitId: string,
  actor: CaseActor,
): Promise<void> {
  try {
    const kiosks = await deps.kioskConfigs?.poolPhoneChanged(municipalityId, poolUnitId, actor);
    if (kiosks) deps.log.info({ poolUnitId, kiosks }, "pool's number pushed to its kiosks");
  } catch (error) {
    deps.log.warn({ err: error, poolUnitId }, "could not push the pool's number to its kiosks");
  }
}

/**
 * After residents' night-watch hours may have changed (a permission, their relations, a pool's coverage): their
 * kiosks' lamps learn the new hours (only kiosks whose hours differ get a version). The change is already
 * committed and the cloud decides every press anyway: a failing push is logged, and the cloud's next start
 * brings the kiosks up to date (devices/service.ts reconcileNightWatchHours, run at start by node/start-cloud.ts;
 * a database outage during it ends it with a warning, and the start after tries again: docs/operations.md).
 */
export async function pushNightWatchHours(
  deps: Pick<CareDeps, 'kioskConfigs' | 'log'>,
  municipalityId: string,
  citizenIds: readonly string[],
) {
  if (citizenIds.length === 0) return;
  try {
    const kiosks = await deps.kioskConfigs?.nightWatchHoursChanged(municipalityId, citizenIds);
    if (kiosks) deps.log.info({ citizens: citizenIds.length, kiosks }, 'night-watch hours pushed to kiosks');
  } catch (error) {
    deps.log.warn(
      { err: error, citizens: citizenIds.length },
      'could not push the night-watch hours to the kiosks',
    );
  }
}

export const denials = {
  400: problem('invalid input (unknown fields are refused)'),
  401: problem('not logged in'),
  403: problem('not allowed for your role or unit'),
  404: problem('not found in your municipality'),
} as const;

export const conflict = { 409: problem('conflicts with the current state') } as const;

export const json = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});

export const body = <T extends z.ZodType>(schema: T) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});

export const Ok = z.object({ ok: z.literal(true) });

export const idParam = (name: string) =>
  z.object({ [name]: z.uuid().openapi({ param: { name, in: 'path' } }) } as Record<string, z.ZodUUID>);

export const IdParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) });

/** Staff roles that do care work. vendor_support and system_admin run the system, not the care. */
export const CARE_STAFF = ['staff', 'unit_manager', 'support'] as const;
export const CARE_ADMINS = ['unit_manager', 'support'] as const;

export const nowOf = (deps: Pick<CareDeps, 'clock'>) => new Date(deps.clock.now());

/**
 * The audit line for every permission, relation, roster and duty change: who (staff id), what, on which
 * object, from where. `details` carries ids, enums and counts only, never names (docs/security.md).
 */
export function auditCare(
  deps: Pick<CareDeps, 'db' | 'clock'>,
  principal: Principal,
  ip: string | null,
  entry: { action: string; targetKind: string; targetId: string; details?: Record<string, unknown> },
) {
  return appendAudit(deps.db.db, {
    municipalityId: principal.municipalityId,
    at: nowOf(deps),
    actorKind: principal.kind,
    actorId: principal.id,
    ip,
    ...entry,
    details: entry.details ?? {},
  });
}
