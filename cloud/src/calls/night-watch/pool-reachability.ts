import { eq } from 'drizzle-orm';
import { alertPhoneOf } from '../../care/index.js';
import { appendAudit, type Db, unitsTable } from '../../db/index.js';
import type { Logger } from '../../kernel/logger.js';
import type { StaffAlertReceipt, StaffAlerts } from '../../kernel/ports.js';

import { POOL_REACHABLE_AGAIN, POOL_UNREACHABLE } from '../../kernel/ports.js';

export { POOL_REACHABLE_AGAIN, POOL_UNREACHABLE };

/**
 * The text the responsible person gets. Names the pool and a count, nobody's name (an SMS is not private). The
 * count is of the members on duty who can still answer: a member whose account was closed is no one to chase
 * to a console, and when only such members are left on duty the text says a replacement is needed.
 */
export function unreachableText(poolName: string, onDuty: number): string {
  const head = `ScreenVisit: Nattevagten "${poolName}" kan ikke nås.`;
  if (onDuty === 0)
    return `${head} Alle på vagt har fået lukket deres adgang. Opkald går til reserven. Find en afløser nu.`;
  return `${head} ${onDuty} er på vagt, men ingen konsol er forbundet. Opkald går til reserven. Tjek konsollerne nu.`;
}

/** A member in the pool's open duty periods, as the alert needs them. */
export interface DutyMember {
  readonly staffId: string;
  /** Their account was closed with the duty period still open (care/night-watch/duty.ts whoIsOnDuty). */
  readonly accessEnded: boolean;
}

/**
 * Watches one fact per pool: "someone is on duty, but none of them can be reached" (who counts as reachable is
 * PoolPresence's rule: a console connected, a reconnect grace or console switch under way, or a live call they
 * answered; never a closed account). That is the
 * dangerous state of issue 10 §2 (colleagues believe the watch is covered while a resident's button would ring
 * nobody), so it is raised at once: an error log line for the operator's alerting, an SMS to the pool's
 * responsible person (its `alertPhone`, through kernel/ports.ts StaffAlerts), and an audit entry saying what
 * became of the SMS, which support's "watch the watchers" screen shows. Raised again only after the pool was
 * reachable in between (edge-triggered, no alert storm). A pool with nobody on duty at all is the roster's
 * business, not an alert: the calls escalate as configured.
 */
export class PoolReachability {
  readonly #db: Db;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #alerts: StaffAlerts | undefined;
  readonly #alerted = new Set<string>();
  readonly #claimOnce: (key: string, ttlMs: number) => Promise<boolean>;

  constructor(deps: {
    db: Db;
    log: Logger;
    now: () => number;
    alerts?: StaffAlerts | undefined;
    /** Several nodes see the same change at once: only the first to claim it alerts (issue 14 §2). */
    claimOnce?: (key: string, ttlMs: number) => Promise<boolean>;
  }) {
    this.#db = deps.db;
    this.#log = deps.log;
    this.#now = deps.now;
    this.#alerts = deps.alerts;
    this.#claimOnce = deps.claimOnce ?? (async () => true);
  }

  /**
   * `onDuty`: everyone in the pool's open duty periods, a closed account too (the roster still shows them, so
   * someone believes the watch covered). `reachable`: who may answer now. A member whose access ended never
   * covers the watch, whatever a node still says of their sockets: were they counted, a socket the cut has not
   * reached yet (a node whose bus missed it closes it only at its next session check) would keep the pool from
   * being raised while no call can be answered.
   * Used by: PoolPresence, after every duty change, console (dis)connect and end of an answered call.
   */
  async update(
    poolUnitId: string,
    onDuty: readonly DutyMember[],
    reachable: readonly string[],
  ): Promise<void> {
    const ended = new Set(onDuty.filter((m) => m.accessEnded).map((m) => m.staffId));
    const canAnswer = onDuty.length - ended.size;
    const stranded = onDuty.length > 0 && !reachable.some((staffId) => !ended.has(staffId));
    if (stranded === this.#alerted.has(poolUnitId)) return;
    if (stranded) this.#alerted.add(poolUnitId);
    else this.#alerted.delete(poolUnitId);
    // Every node routing this pool sees the same registry change; one SMS and one audit entry, not one each.
    // A second change the same way within the claim's 30 s is taken as the same episode.
    if (!(await this.#claimOnce(`pool-reachability:${poolUnitId}:${stranded ? 'down' : 'up'}`, 30_000)))
      return;
    const [unit] = await this.#db
      .select({ municipalityId: unitsTable.municipalityId, name: unitsTable.name })
      .from(unitsTable)
      .where(eq(unitsTable.id, poolUnitId));
    if (!unit) return;
    let sms: StaffAlertReceipt | { sent: false; reason: 'no_alert_phone' } | undefined;
    if (stranded) {
      this.#log.error(
        { poolUnitId, onDuty: onDuty.length, accessEnded: ended.size },
        'night-watch pool: members on duty but none reachable; calls escalate to the fallback',
      );
      const phone = await alertPhoneOf(this.#db, poolUnitId);
      sms = !phone
        ? { sent: false, reason: 'no_alert_phone' }
        : this.#alerts
          ? await this.#alerts.text(phone, unreachableText(unit.name, canAnswer))
          : { sent: false, reason: 'no_gateway' };
    } else this.#log.info({ poolUnitId }, 'night-watch pool reachable again');
    await appendAudit(this.#db, {
      municipalityId: unit.municipalityId,
      at: new Date(this.#now()),
      actorKind: 'system',
      actorId: null,
      action: stranded ? POOL_UNREACHABLE : POOL_REACHABLE_AGAIN,
      targetKind: 'unit',
      targetId: poolUnitId,
      // What became of the SMS, never the number itself. `onDuty` is the roster's count, as support's "watch the
      // watchers" page lists them under "På vagt nu" (a closed account too, as not connected); `accessEnded` says
      // how many of them can no longer answer (the SMS counts only the others).
      details: {
        onDuty: onDuty.length,
        ...(ended.size > 0 ? { accessEnded: ended.size } : {}),
        ...(sms ? { sms } : {}),
      },
    });
  }
}
