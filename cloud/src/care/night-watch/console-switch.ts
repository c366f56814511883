import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { issueSession } from '../../auth/issue-session.js';
import { type LoginState, verifySecondFactor, WRONG_CODE, withRetryAfter } from '../../auth/login/index.js';
import { revokeSession } from '../../auth/session-store.js';
import {
  appendAudit,
  dutyPeriodsTable,
  municipalitiesTable,
  parseMunicipalitySettings,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import { inAny } from '../../kernel/http/client-ip.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { Principal } from '../../kernel/principal.js';
import { type CareDeps, nowOf } from '../route-helpers.js';
import { setDuty } from './pool-admin.js';

/**
 * The shared night-watch console (issue 4 §3): a device the pool shares, where the next person takes over
 * with their OWN second factor instead of a full login. Used by: POST /api/night-watch/console/switch.
 *
 * Controls, in order:
 *  1. A full session of a night-watch pool member must already be open on this browser (the console was
 *     logged into properly once) and the request must come from the staff networks (session middleware,
 *     re-checked here so this route never relies on it silently).
 *  2. The new person must be an active staff member of the same municipality who shares a night-watch pool
 *     with the current one; any mismatch gets the same answer as a wrong code (no account probing).
 *  3. Their personal TOTP code, through the login's own verifier: replay-protected (RFC 6238 §5.2), throttled
 *     per person and per IP, failures audited.
 *  4. The previous session is revoked (its cookie is useless from this instant, on every node), a NEW session
 *     with a new token is issued for the new person (method 'console_switch'), and the answer tells the browser
 *     to drop cached data and storage (Clear-Site-Data, W3C) and not to cache the answer.
 *  5. The watch goes on (issue 10 §5): in each pool where the previous person was on duty, the new one goes on
 *     duty first (when a member of it), and then, with `previousOffDuty`, the previous one goes off, so the pool
 *     is never left without the console's person in between. Only after the code was right: a refused switch
 *     changes nobody's duty (a stranger at a locked console cannot take its person off duty by typing rubbish).
 *
 * The current session may be LOCKED by idleness on duty (console-routes.ts `consolePrincipal`): the lock screen
 * of a shared console offers the switch, so the next person is not stuck at a colleague's lock. The same controls
 * hold; the locked session is revoked, never unlocked, and nothing of it is shown to the new person.
 *
 * No password: the customer needs QUICK switching at night between people on the same shared device, and the
 * console session itself was opened with password + second factor on the municipal network. The switch proves
 * WHO takes over with a possession factor only they hold (their phone's authenticator). A municipality that
 * wants a password too can keep using the normal login on the console.
 *
 * Server side nothing else is kept per session (no caches keyed by session or person in the care API).
 * WebSockets: the connection registry closes per person, not per session, so the previous person's open
 * signalling socket on this console is NOT closed here; the console client must close and reopen its socket
 * after a switch (the reopened socket authenticates with the new cookie; the old cookie is refused).
 */
export interface SwitchInput {
  username: string;
  code: string;
  /** "Meld … af vagten": the previous person goes off duty where the new one takes over. */
  previousOffDuty?: boolean | undefined;
}

/** The pools the previous person is on duty in now: where the watch must go on after the switch. */
async function poolsOnDutyIn(deps: CareDeps, staffId: string): Promise<string[]> {
  const rows = await deps.db.db
    .select({ poolUnitId: dutyPeriodsTable.poolUnitId })
    .from(dutyPeriodsTable)
    .where(and(eq(dutyPeriodsTable.staffId, staffId), isNull(dutyPeriodsTable.endedAt)));
  return rows.map((r) => r.poolUnitId);
}

async function nightWatchPoolsOf(deps: CareDeps, staffId: string): Promise<string[]> {
  const rows = await deps.db.db
    .select({ unitId: unitMembershipsTable.unitId })
    .from(unitMembershipsTable)
    .innerJoin(unitsTable, eq(unitsTable.id, unitMembershipsTable.unitId))
    .where(and(eq(unitMembershipsTable.staffId, staffId), eq(unitsTable.kind, 'night_watch_pool')));
  return rows.map((r) => r.unitId);
}

export async function switchConsole(
  c: Context<AppEnv>,
  deps: CareDeps,
  loginState: LoginState,
  current: Principal,
  input: SwitchInput,
  from: { locked: boolean } = { locked: false },
) {
  const db = deps.db.db;
  const ip = c.get('clientIp');
  if (current.kind !== 'staff') throw AppError.forbidden('Only a night-watch console can switch person.');
  const pools = await nightWatchPoolsOf(deps, current.id);
  if (pools.length === 0) throw AppError.forbidden('Only a night-watch console can switch person.');
  const [municipality] = await db
    .select({ settings: municipalitiesTable.settings })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, current.municipalityId));
  if (!ip || !municipality || !inAny(ip, parseMunicipalitySettings(municipality.settings).staffNetworks))
    throw AppError.forbidden('Staff can only use ScreenVisit from the municipality’s network.');

  const [next] = await db
    .select({ id: staffTable.id, displayName: staffTable.displayName, role: staffTable.role })
    .from(staffTable)
    .innerJoin(unitMembershipsTable, eq(unitMembershipsTable.staffId, staffTable.id))
    .where(
      and(
        eq(staffTable.municipalityId, current.municipalityId),
        sql`lower(${staffTable.username}) = ${input.username.normalize('NFC').trim().toLowerCase()}`,
        isNull(staffTable.disabledAt),
        inArray(unitMembershipsTable.unitId, pools),
      ),
    )
    .limit(1);
  if (!next) {
    // Same answer, same throttling as a wrong code: the console must not tell which usernames exist.
    const wait = await loginState.throttle.retryAfterMs({ ip });
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      throw AppError.rateLimited();
    }
    await loginState.throttle.recordFailure({ ip });
    await appendAudit(db, {
      municipalityId: current.municipalityId,
      at: nowOf(deps),
      actorKind: 'staff',
      actorId: current.id,
      action: 'auth.console_switch.failed',
      targetKind: 'staff',
      targetId: null,
      ip,
      details: { reason: 'no_such_pool_member' },
    });
    throw AppError.unauthenticated(WRONG_CODE);
  }
  if (next.id === current.id) throw AppError.invalidInput('You are already the one on this console.');

  await withRetryAfter(c, () =>
    verifySecondFactor(
      deps,
      loginState,
      {
        sessionId: current.sessionId,
        staffId: next.id,
        municipalityId: current.municipalityId,
        stage: 'second_factor',
      },
      { method: 'totp', code: input.code },
      ip,
    ),
  );

  const at = nowOf(deps);
  await revokeSession(db, current.sessionId, 'console_switch', at);
  const issued = await issueSession(c, deps, {
    subjectKind: 'staff',
    subjectId: next.id,
    municipalityId: current.municipalityId,
    stage: 'full',
    method: 'console_switch',
    ip,
  });
  await db.update(staffTable).set({ lastLoginAt: at }).where(eq(staffTable.id, next.id));
  const incoming: Principal = {
    kind: 'staff',
    id: next.id,
    role: next.role,
    municipalityId: current.municipalityId,
    sessionId: issued.sessionId,
  };
  const handedOver = await handOverDuty(deps, current, incoming, input.previousOffDuty === true, ip);
  await appendAudit(db, {
    municipalityId: current.municipalityId,
    at,
    actorKind: 'staff',
    actorId: next.id,
    action: 'auth.console_switch',
    targetKind: 'staff',
    targetId: next.id,
    ip,
    details: {
      previousStaffId: current.id,
      previousSessionId: current.sessionId,
      sessionId: issued.sessionId,
      fromLockScreen: from.locked,
      pools: handedOver,
    },
  });
  c.header('cache-control', 'no-store');
  // Cached responses and web storage of the previous person go; the new session cookie set above stays.
  c.header('clear-site-data', '"cache", "storage"');
  return {
    stage: 'full' as const,
    csrfToken: issued.csrfToken,
    staffId: next.id,
    displayName: next.displayName,
  };
}

interface HandedOver {
  poolUnitId: string;
  incomingOn: boolean;
  previousOff: boolean;
}

/**
 * Control 5 above, through the duty route's own action (pool-admin.ts `setDuty`: its audit entries and the call
 * router's duty hook), per pool: the new person on first, the previous one off after. A pool the new person is
 * not a member of keeps the previous person on duty (nobody else would be there from this console).
 */
async function handOverDuty(
  deps: CareDeps,
  previous: Principal,
  incoming: Principal,
  previousOffDuty: boolean,
  ip: string | null,
): Promise<HandedOver[]> {
  const pools = await poolsOnDutyIn(deps, previous.id);
  const took = new Set<string>();
  for (const poolUnitId of pools) {
    const incomingOn = await setDuty(deps, incoming, poolUnitId, true, ip).then(
      () => true,
      (error: unknown) => {
        deps.log.info({ err: error, poolUnitId }, 'console switch: the new person cannot go on duty here');
        return false;
      },
    );
    if (incomingOn) took.add(poolUnitId);
  }
  // Before the previous person goes off duty and this console's socket closes: a resident's call ringing now
  // keeps ringing for the new person's console as it reconnects, instead of going to the fallback.
  deps.callHooks?.consoleHandover({
    fromStaffId: previous.id,
    toStaffId: incoming.id,
    poolUnitIds: [...took],
  });
  const handed: HandedOver[] = [];
  for (const poolUnitId of pools) {
    const incomingOn = took.has(poolUnitId);
    const previousOff = previousOffDuty && incomingOn;
    if (previousOff) await setDuty(deps, previous, poolUnitId, false, ip);
    handed.push({ poolUnitId, incomingOn, previousOff });
  }
  return handed;
}
