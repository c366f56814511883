import { eq } from 'drizzle-orm';
import { appendAudit, type Db, unitsTable } from '../../db/index.js';
import type { Logger } from '../../kernel/logger.js';

import { POOL_REACHABLE_AGAIN, POOL_UNREACHABLE } from '../../kernel/ports.js';

export { POOL_REACHABLE_AGAIN, POOL_UNREACHABLE };

/**
 * Watches one fact per pool: "someone is on duty, but none of them has a console connected". That is the
 * dangerous state of issue 10 §2 (colleagues believe the watch is covered while a resident's button would ring
 * nobody), so it is raised at once (an error log line for the operator's alerting and an audit entry support
 * sees) and raised again only after the pool was reachable in between (edge-triggered, no alert storm).
 * A pool with nobody on duty at all is the roster's business, not an alert: the calls escalate as configured.
 */
export class PoolReachability {
  readonly #db: Db;
  readonly #log: Logger;
  readonly #now: () => number;
  readonly #alerted = new Set<string>();

  constructor(deps: { db: Db; log: Logger; now: () => number }) {
    this.#db = deps.db;
    this.#log = deps.log;
    this.#now = deps.now;
  }

  /** Used by: PoolPresence.syncDuty, after every duty change and every console (dis)connect. */
  async update(poolUnitId: string, onDuty: readonly string[], reachable: readonly string[]): Promise<void> {
    const stranded = onDuty.length > 0 && reachable.length === 0;
    if (stranded === this.#alerted.has(poolUnitId)) return;
    if (stranded) this.#alerted.add(poolUnitId);
    else this.#alerted.delete(poolUnitId);
    const [unit] = await this.#db
      .select({ municipalityId: unitsTable.municipalityId })
      .from(unitsTable)
      .where(eq(unitsTable.id, poolUnitId));
    if (!unit) return;
    if (stranded)
      this.#log.error(
        { poolUnitId, onDuty: onDuty.length },
        'night-watch pool: members on duty but none reachable; calls escalate to the fallback',
      );
    else this.#log.info({ poolUnitId }, 'night-watch pool reachable again');
    await appendAudit(this.#db, {
      municipalityId: unit.municipalityId,
      at: new Date(this.#now()),
      actorKind: 'system',
      actorId: null,
      action: stranded ? POOL_UNREACHABLE : POOL_REACHABLE_AGAIN,
      targetKind: 'unit',
      targetId: poolUnitId,
      details: { onDuty: onDuty.length },
    });
  }
}
