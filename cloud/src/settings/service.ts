import { and, eq } from 'drizzle-orm';
import {
  ALERT_MOBILE_RULE,
  loadCareSettings,
  maskAlertMobile,
  normaliseAlertMobile,
  saveCareSettings,
} from '../care/index.js';
import {
  appendAudit,
  type Db,
  MunicipalitySettings,
  municipalitiesTable,
  nightWatchPoolSettingsTable,
  PHONE_PATTERN,
  parseMunicipalitySettings,
  unitsTable,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import { inAny } from '../kernel/http/client-ip.js';
import { parseNetwork } from './networks.js';

/**
 * The municipality's settings as the system administrator sees and changes them (issue 12 §5): the policy in
 * `municipalities.settings` (incl. the service case's follow-up times), the minutes each call type saves (care
 * settings) and each night-watch pool's fallback phone number and alert mobile. Every change is one audit entry with
 * the keys changed and their values before and after (no personal data: networks, numbers, a switchboard number;
 * the alert mobile is a person's own number, so the audit shows only its last two digits).
 */
export interface SettingsView {
  municipality: { id: string; name: string; timeZone: string };
  staffNetworks: string[];
  idleTimeoutMinutes: number;
  passwordMaxAgeDays: number | null;
  relayOnly: boolean;
  /** The number citizens ring for help (letter, SMS, Digital Post, their page); null: none given. */
  citizenHelpPhone: string | null;
  minutesSavedPerCall: { medicine: number; reassurance: number; conversation: number; training: number };
  alerts: { offlineHours: number; wipePendingHours: number; poorRttMs: number; poorLossPercent: number };
  /** Follow-up evaluation times of the service case (service-case/follow-up.ts), per municipality. */
  serviceCase: { evaluationDays: number[]; evaluateEveryDays: number; collectWithinDays: number };
  /**
   * Per night-watch pool: the number a citizen is given when nobody answers, and the responsible person's mobile
   * texted when the pool has people on duty but none reachable (issue 10 §2, calls/night-watch/pool-reachability.ts).
   */
  pools: { id: string; name: string; fallbackPhone: string | null; alertPhone: string | null }[];
  /** The address this request came from, so the screen can warn before an allow-list shuts the admin out. */
  yourAddress: string | null;
}

export interface SettingsChange {
  staffNetworks?: string[] | undefined;
  idleTimeoutMinutes?: number | undefined;
  passwordMaxAgeDays?: number | null | undefined;
  relayOnly?: boolean | undefined;
  citizenHelpPhone?: string | null | undefined;
  minutesSavedPerCall?: Partial<SettingsView['minutesSavedPerCall']> | undefined;
  alerts?: Partial<SettingsView['alerts']> | undefined;
  serviceCase?: Partial<SettingsView['serviceCase']> | undefined;
  /** alertPhone left out: unchanged (a client that does not know it must not erase it). */
  pools?: { id: string; fallbackPhone: string | null; alertPhone?: string | null | undefined }[] | undefined;
  /** The admin saw the warning that the new allow-list does not include their own address. */
  confirmLockout?: boolean | undefined;
}

export async function readSettings(db: Db, municipalityId: string, ip: string | null): Promise<SettingsView> {
  const [m] = await db.select().from(municipalitiesTable).where(eq(municipalitiesTable.id, municipalityId));
  if (!m) throw AppError.notFound('Municipality');
  const s = parseMunicipalitySettings(m.settings);
  const care = await loadCareSettings(db, municipalityId);
  const pools = await db
    .select({
      id: unitsTable.id,
      name: unitsTable.name,
      fallbackPhone: nightWatchPoolSettingsTable.fallbackPhone,
      alertPhone: nightWatchPoolSettingsTable.alertPhone,
    })
    .from(unitsTable)
    .leftJoin(nightWatchPoolSettingsTable, eq(nightWatchPoolSettingsTable.poolUnitId, unitsTable.id))
    .where(and(eq(unitsTable.municipalityId, municipalityId), eq(unitsTable.kind, 'night_watch_pool')))
    .orderBy(unitsTable.name);
  return {
    municipality: { id: m.id, name: m.name, timeZone: m.timeZone },
    staffNetworks: s.staffNetworks,
    idleTimeoutMinutes: s.idleTimeoutMinutes,
    passwordMaxAgeDays: s.passwordMaxAgeDays,
    relayOnly: s.relayOnly,
    citizenHelpPhone: s.citizenHelpPhone,
    minutesSavedPerCall: care.minutesSavedPerCall,
    alerts: s.alerts,
    serviceCase: s.serviceCase,
    pools: pools.map((p) => ({
      ...p,
      fallbackPhone: p.fallbackPhone ?? null,
      alertPhone: p.alertPhone ?? null,
    })),
    yourAddress: ip,
  };
}

function checkNetworks(entries: string[], ip: string | null, confirmed: boolean): string[] {
  const parsed = entries.filter((e) => e.trim() !== '').map(parseNetwork);
  const bad = parsed.flatMap((p, i) => (p.ok ? [] : [{ path: `staffNetworks.${i}`, message: p.input }]));
  if (bad.length > 0) {
    throw AppError.invalidInput(
      `These are not network addresses: ${bad.map((b) => b.message || '(empty)').join(', ')}. Write e.g. 10.20.0.0/16 or 192.0.2.7.`,
      bad,
    );
  }
  const cidrs = [...new Set(parsed.flatMap((p) => (p.ok ? [p.cidr] : [])))];
  // The customer's rule: staff log in only from these networks. Saving a list that leaves out the admin's own
  // address ends their session at the next request; ask first (issue 12 §5).
  if (!confirmed && (!ip || !inAny(ip, cidrs))) {
    throw new AppError(
      'conflict',
      `Your own address (${ip ?? 'unknown'}) is not in the new list: you would be logged out and could not log in again from here. Add it, or confirm the change.`,
      { fields: [{ path: 'confirmLockout', message: 'the new list leaves out your own address' }] },
    );
  }
  return cidrs;
}

/** Used by: PUT /api/settings. */
export async function changeSettings(
  db: Db,
  input: { municipalityId: string; staffId: string; ip: string | null; change: SettingsChange; now: Date },
): Promise<SettingsView> {
  const { municipalityId, change } = input;
  const before = await readSettings(db, municipalityId, input.ip);
  await db.transaction(async (tx) => {
    const [m] = await tx
      .select()
      .from(municipalitiesTable)
      .where(eq(municipalitiesTable.id, municipalityId))
      .for('update');
    const current = parseMunicipalitySettings(m!.settings);
    const next = MunicipalitySettings.safeParse({
      ...current,
      ...(change.staffNetworks !== undefined
        ? { staffNetworks: checkNetworks(change.staffNetworks, input.ip, change.confirmLockout === true) }
        : {}),
      ...(change.idleTimeoutMinutes !== undefined ? { idleTimeoutMinutes: change.idleTimeoutMinutes } : {}),
      ...(change.passwordMaxAgeDays !== undefined ? { passwordMaxAgeDays: change.passwordMaxAgeDays } : {}),
      ...(change.relayOnly !== undefined ? { relayOnly: change.relayOnly } : {}),
      ...(change.citizenHelpPhone !== undefined
        ? { citizenHelpPhone: phoneNumber(change.citizenHelpPhone, 'citizenHelpPhone') }
        : {}),
      ...(change.alerts ? { alerts: { ...current.alerts, ...change.alerts } } : {}),
      ...(change.serviceCase ? { serviceCase: { ...current.serviceCase, ...change.serviceCase } } : {}),
    });
    if (!next.success) {
      throw AppError.invalidInput(
        'These settings are not valid.',
        next.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      );
    }
    await tx
      .update(municipalitiesTable)
      .set({ settings: next.data })
      .where(eq(municipalitiesTable.id, municipalityId));
    if (change.minutesSavedPerCall) {
      const care = await loadCareSettings(tx, municipalityId);
      await saveCareSettings(
        tx,
        municipalityId,
        { minutesSavedPerCall: { ...care.minutesSavedPerCall, ...change.minutesSavedPerCall } },
        input.now,
      );
    }
    for (const pool of change.pools ?? []) {
      if (!before.pools.some((p) => p.id === pool.id)) throw AppError.notFound('Night-watch pool');
      const phone = phoneNumber(pool.fallbackPhone, 'pools.fallbackPhone');
      const alert = pool.alertPhone === undefined ? {} : { alertPhone: alertMobile(pool.alertPhone) };
      await tx
        .insert(nightWatchPoolSettingsTable)
        .values({ poolUnitId: pool.id, fallbackPhone: phone, ...alert, updatedAt: input.now })
        .onConflictDoUpdate({
          target: nightWatchPoolSettingsTable.poolUnitId,
          set: { fallbackPhone: phone, ...alert, updatedAt: input.now },
        });
    }
  });
  const after = await readSettings(db, municipalityId, input.ip);
  const keys = [
    'staffNetworks',
    'idleTimeoutMinutes',
    'passwordMaxAgeDays',
    'relayOnly',
    'citizenHelpPhone',
    'minutesSavedPerCall',
    'alerts',
    'serviceCase',
    'pools',
  ] as const;
  const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length > 0) {
    await appendAudit(db, {
      municipalityId,
      actorKind: 'staff',
      actorId: input.staffId,
      action: 'settings.changed',
      targetKind: 'municipality',
      targetId: municipalityId,
      ip: input.ip,
      details: {
        changed,
        before: Object.fromEntries(changed.map((k) => [k, audited(before)[k]])),
        after: Object.fromEntries(changed.map((k) => [k, audited(after)[k]])),
        ...(change.confirmLockout ? { confirmedLockout: true } : {}),
      },
    });
  }
  return after;
}

/** A switchboard-style number as stored: trimmed, blank is none; refused with the field named. */
function phoneNumber(typed: string | null, path: string): string | null {
  const phone = typed?.trim() || null;
  if (phone !== null && !PHONE_PATTERN.test(phone)) {
    throw AppError.invalidInput('A phone number has digits and spaces, optionally a leading +.', [
      { path, message: phone },
    ]);
  }
  return phone;
}

/** The alert mobile as stored (care's normaliseAlertMobile, the pool form's rule); refused with the field named. */
function alertMobile(typed: string | null): string | null {
  const number = normaliseAlertMobile(typed);
  if (number === 'invalid')
    throw AppError.invalidInput(ALERT_MOBILE_RULE, [{ path: 'pools.alertPhone', message: typed ?? '' }]);
  return number;
}

/** The view as the audit log keeps it: a person's alert mobile only by its last two digits. */
function audited(view: SettingsView): SettingsView {
  return {
    ...view,
    pools: view.pools.map((p) => ({
      ...p,
      alertPhone: maskAlertMobile(p.alertPhone),
    })),
  };
}
