import { and, eq, inArray } from 'drizzle-orm';
import {
  citizensTable,
  listMissedCalls,
  markCallbackDone,
  nightWatchCallsTable,
  nightWatchPoolSettingsTable,
  unitsTable,
} from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { careAction } from '../care-action.js';
import {
  goOffDuty,
  goOnDuty,
  maskAlertMobile,
  PoolSettingsInput,
  savePoolSettings,
  whoIsOnDuty,
} from '../index.js';
import { auditCare, type CareDeps, notifyDutyChanged, nowOf, pushPoolPhone } from '../route-helpers.js';
import { isDayStaffOfCoveredFacility, isMember, managedUnit, poolMemberOrSupport, poolOf } from '../scope.js';

/** Used by: GET /api/night-watch/pools/:id/settings. Defaults when none were saved. */
export async function readPoolSettings(deps: CareDeps, principal: Principal, poolUnitId: string) {
  await poolMemberOrSupport(deps.db.db, principal, poolUnitId);
  const [row] = await deps.db.db
    .select()
    .from(nightWatchPoolSettingsTable)
    .where(eq(nightWatchPoolSettingsTable.poolUnitId, poolUnitId));
  let stored = {};
  if (row) {
    const { poolUnitId: _pool, updatedAt: _updated, ...rest } = row;
    stored = rest;
  }
  const settings = PoolSettingsInput.parse(stored);
  return { ...settings, alertPhone: settings.alertPhone ?? null };
}

/** Used by: PUT /api/night-watch/pools/:id/settings. Support, or a manager of the pool. */
export async function writePoolSettings(
  deps: CareDeps,
  principal: Principal,
  poolUnitId: string,
  input: PoolSettingsInput,
  ip: string | null,
) {
  const db = deps.db.db;
  await poolOf(db, principal, poolUnitId);
  await managedUnit(db, principal, poolUnitId);
  // The core checks the fallback is a pool; the municipality scope is ours to check.
  if (input.fallbackPoolUnitId) await poolOf(db, principal, input.fallbackPoolUnitId);
  await careAction(() => savePoolSettings(db, poolUnitId, input, nowOf(deps)));
  const saved = await readPoolSettings(deps, principal, poolUnitId);
  await pushPoolPhone(deps, principal.municipalityId, poolUnitId, { staffId: principal.id, ip });
  await auditCare(deps, principal, ip, {
    action: 'care.pool.settings_set',
    targetKind: 'unit',
    targetId: poolUnitId,
    details: {
      strategy: input.strategy ?? 'ring_all',
      fallback: input.fallbackPoolUnitId ? 'pool' : input.fallbackPhone ? 'phone' : 'none',
      // A person's mobile: by its last two digits only, as the admin settings audit it.
      ...(input.alertPhone === undefined ? {} : { alertPhone: maskAlertMobile(saved.alertPhone) }),
    },
  });
  return saved;
}

/** Used by: POST /api/night-watch/pools/:id/duty. Only the member themself goes on or off duty. */
export async function setDuty(
  deps: CareDeps,
  principal: Principal,
  poolUnitId: string,
  onDuty: boolean,
  ip: string | null,
) {
  const db = deps.db.db;
  await poolOf(db, principal, poolUnitId);
  const at = nowOf(deps);
  const input = { poolUnitId, staffId: principal.id, at };
  let changed = true;
  if (onDuty) await careAction(() => goOnDuty(db, input));
  else changed = await goOffDuty(db, input);
  if (changed)
    await auditCare(deps, principal, ip, {
      action: onDuty ? 'care.duty.on' : 'care.duty.off',
      targetKind: 'unit',
      targetId: poolUnitId,
    });
  if (changed) await notifyDutyChanged(deps, poolUnitId);
  return onDutyView(deps, poolUnitId);
}

export async function onDutyView(deps: CareDeps, poolUnitId: string) {
  const members = await whoIsOnDuty(deps.db.db, poolUnitId);
  return members.map((m) => ({
    staffId: m.staffId,
    displayName: m.displayName,
    since: m.since.toISOString(),
    idleSince: m.idleSince.toISOString(),
    // "På vagt, men ikke forbundet" (issue 10 §2): without a call router nothing can ring, so nobody is. A
    // closed account is never reachable, whatever socket of theirs a node has not cut yet.
    reachable: !m.accessEnded && (deps.callHooks?.reachable?.(m.staffId) ?? false),
  }));
}

/**
 * Used by: GET /api/night-watch/pools/:id/on-duty. "Everyone sees who is on duty now": the pool's members, the
 * day staff of the facilities it covers, and support.
 */
export async function readOnDuty(deps: CareDeps, principal: Principal, poolUnitId: string) {
  const db = deps.db.db;
  await poolOf(db, principal, poolUnitId);
  const allowed =
    principal.role === 'support' ||
    (await isMember(db, principal.id, poolUnitId)) ||
    (await isDayStaffOfCoveredFacility(db, principal.id, poolUnitId));
  if (!allowed)
    throw AppError.forbidden('Only the pool and the staff of the facilities it covers can see this.');
  return onDutyView(deps, poolUnitId);
}

/** Used by: GET /api/night-watch/pools/:id/missed-calls. */
export async function readMissedCalls(deps: CareDeps, principal: Principal, poolUnitId: string) {
  const db = deps.db.db;
  await poolMemberOrSupport(db, principal, poolUnitId);
  const calls = await listMissedCalls(db, poolUnitId);
  const names = calls.length
    ? await db
        .select({ id: citizensTable.id, displayName: citizensTable.displayName })
        .from(citizensTable)
        .where(
          inArray(
            citizensTable.id,
            calls.map((c) => c.citizenId),
          ),
        )
    : [];
  const nameOf = new Map(names.map((n) => [n.id, n.displayName]));
  return calls.map((c) => ({
    callId: c.callId,
    citizenId: c.citizenId,
    citizenName: nameOf.get(c.citizenId) ?? '',
    placedAt: c.placedAt.toISOString(),
    reason: c.reason,
  }));
}

/** Used by: POST /api/night-watch/missed-calls/:id/callback-done. The first one to call back marks it. */
export async function callbackDone(deps: CareDeps, principal: Principal, callId: string, ip: string | null) {
  const db = deps.db.db;
  const [call] = await db
    .select({ poolUnitId: nightWatchCallsTable.poolUnitId, citizenId: nightWatchCallsTable.citizenId })
    .from(nightWatchCallsTable)
    .innerJoin(unitsTable, eq(unitsTable.id, nightWatchCallsTable.poolUnitId))
    .where(and(eq(nightWatchCallsTable.id, callId), eq(unitsTable.municipalityId, principal.municipalityId)));
  if (!call) throw AppError.notFound('Missed call');
  await poolMemberOrSupport(db, principal, call.poolUnitId);
  if (!(await markCallbackDone(db, { callId, staffId: principal.id, at: nowOf(deps) })))
    throw AppError.conflict('Someone has already called back.');
  await auditCare(deps, principal, ip, {
    action: 'care.night_watch.callback_done',
    targetKind: 'citizen',
    targetId: call.citizenId,
    details: { callId, poolUnitId: call.poolUnitId },
  });
}
