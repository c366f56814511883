import type { Clock, ClockTimer } from '@screenvisit/protocol';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import {
  citizenLastInUse,
  citizensTable,
  type Db,
  inactivityClosesAt,
  type MunicipalitySettings,
  municipalitiesTable,
  parseMunicipalitySettings,
  staffTable,
} from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import type { Deactivator } from './deactivator.js';

const DAY_MS = 86_400_000;

export type InactivityLevel = 'warning' | 'disable_due';

export interface InactiveAccount {
  readonly kind: 'staff' | 'citizen';
  readonly id: string;
  readonly role: string;
  readonly displayName: string;
  /**
   * Staff: last login, or creation when the account never logged in. Citizens: when last in use (a login, a
   * lent kiosk seen online, a kiosk lent or taken back: db/repos/citizen-activity.ts), or creation.
   */
  readonly lastActiveAt: Date;
  readonly inactiveDays: number;
  readonly level: InactivityLevel;
  /** When the job will disable it (now or earlier: at its next run). */
  readonly disableAt: Date;
}

/**
 * Enabled accounts not in use for `inactivityWarnDays` or more (the municipality's setting), oldest first: staff
 * by their last login, citizens by `citizenLastInUse` (a resident's loan kiosk switched on is use; she never
 * logs in). An account never used counts from its creation. Used by: GET /api/accounts/inactive, the job.
 */
export async function listInactiveAccounts(
  db: Db,
  municipalityId: string,
  settings: MunicipalitySettings,
  now: Date,
): Promise<InactiveAccount[]> {
  const warnBefore = new Date(now.getTime() - settings.inactivityWarnDays * DAY_MS);
  const staffActive = sql<Date>`coalesce(${staffTable.lastLoginAt}, ${staffTable.createdAt})`;
  const citizenActive = citizenLastInUse;
  const [staff, citizens] = await Promise.all([
    db
      .select({
        id: staffTable.id,
        role: staffTable.role,
        displayName: staffTable.displayName,
        at: staffActive,
      })
      .from(staffTable)
      .where(
        and(
          eq(staffTable.municipalityId, municipalityId),
          isNull(staffTable.disabledAt),
          sql`${staffActive} <= ${warnBefore.toISOString()}`,
        ),
      )
      .orderBy(asc(staffActive)),
    db
      .select({ id: citizensTable.id, displayName: citizensTable.displayName, at: citizenActive })
      .from(citizensTable)
      .where(
        and(
          eq(citizensTable.municipalityId, municipalityId),
          isNull(citizensTable.disabledAt),
          sql`${citizenActive} <= ${warnBefore.toISOString()}`,
        ),
      )
      .orderBy(asc(citizenActive)),
  ]);
  const describe = (
    kind: 'staff' | 'citizen',
    id: string,
    role: string,
    displayName: string,
    at: unknown,
  ) => {
    const lastActiveAt = new Date(at as string | Date);
    const inactiveDays = Math.floor((now.getTime() - lastActiveAt.getTime()) / DAY_MS);
    const disableAt = inactivityClosesAt(lastActiveAt, settings);
    const level: InactivityLevel = inactiveDays >= settings.inactivityDisableDays ? 'disable_due' : 'warning';
    return { kind, id, role, displayName, lastActiveAt, inactiveDays, level, disableAt };
  };
  return [
    ...staff.map((s) => describe('staff', s.id, s.role, s.displayName, s.at)),
    ...citizens.map((c) => describe('citizen', c.id, 'citizen', c.displayName, c.at)),
  ];
}

/**
 * One pass of the inactivity job: every account past its municipality's `inactivityDisableDays` is disabled
 * through the Deactivator (so sessions and sockets end too), audited with actor 'system'. Returns how many.
 */
export async function runInactivitySweep(
  deps: { db: Db; deactivator: Deactivator; log: Logger },
  now: Date,
): Promise<number> {
  let disabled = 0;
  const municipalities = await deps.db
    .select({ id: municipalitiesTable.id, settings: municipalitiesTable.settings })
    .from(municipalitiesTable);
  for (const m of municipalities) {
    const settings = parseMunicipalitySettings(m.settings);
    const due = (await listInactiveAccounts(deps.db, m.id, settings, now)).filter(
      (a) => a.level === 'disable_due',
    );
    for (const account of due) {
      const system = { kind: 'system' as const, id: null, ip: null };
      const outcome =
        account.kind === 'staff'
          ? await deps.deactivator.disableStaff(m.id, account.id, system, 'inactivity')
          : await deps.deactivator.disableCitizen(m.id, account.id, system, 'inactivity');
      if (outcome.changed) disabled += 1;
    }
  }
  if (disabled > 0) deps.log.info({ disabled }, 'inactivity job disabled accounts');
  return disabled;
}

/**
 * Runs `sweep` every `intervalMs` on the injected clock (a new timer after each run finishes, so runs never
 * overlap). A failed run is logged and the next one still happens.
 */
export function startInactivityJob(options: {
  clock: Clock;
  intervalMs: number;
  log: Logger;
  sweep: (now: Date) => Promise<number>;
}): { stop(): Promise<void> } {
  const { clock, log } = options;
  let timer: ClockTimer | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = clock.setTimeout(() => {
      running = options
        .sweep(new Date(clock.now()))
        .catch((error: unknown) => log.error({ err: error }, 'inactivity job failed'))
        .finally(() => {
          running = null;
          schedule();
        });
    }, options.intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      await running;
    },
  };
}
