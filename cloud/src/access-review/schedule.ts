import type { ClockTimer } from '@screenvisit/protocol';
import { and, desc, eq, ne } from 'drizzle-orm';
import { accessReviewsTable, type Db, unitsTable } from '../db/index.js';
import type { AccessReviewDeps } from './deps.js';
import { AccessReviewPolicy, openReview, sweepDeadlines } from './review.js';

/**
 * Opens a review for every unit whose last one opened `everyMonths` ago (or never), then sweeps deadlines.
 * Support units hold no citizens and are reviewed like any other (their members have access too).
 */
export async function runAccessReviews(
  db: Db,
  now: Date,
  policy: AccessReviewPolicy = AccessReviewPolicy.parse({}),
): Promise<{ opened: number; removed: number }> {
  const units = await db.select().from(unitsTable).where(ne(unitsTable.kind, 'night_watch_pool'));
  let opened = 0;
  for (const unit of units) {
    const [last] = await db
      .select({ openedAt: accessReviewsTable.openedAt })
      .from(accessReviewsTable)
      .where(and(eq(accessReviewsTable.unitId, unit.id)))
      .orderBy(desc(accessReviewsTable.openedAt))
      .limit(1);
    const due = new Date(now);
    due.setUTCMonth(due.getUTCMonth() - policy.everyMonths);
    if (last && last.openedAt > due) continue;
    await openReview(db, { municipalityId: unit.municipalityId, unitId: unit.id, at: now, policy });
    opened++;
  }
  return { opened, removed: await sweepDeadlines(db, now) };
}

/** Runs the reviews hourly on the injected clock (fake in tests). Returns a stop function. */
export function scheduleAccessReviews(deps: AccessReviewDeps, everyMs = 3_600_000) {
  let timer: ClockTimer | null = null;
  let stopped = false;
  const tick = () => {
    // One node at a time (issue 14): two nodes opening the same unit's review at once would make two.
    deps.db
      .runAlone('screenvisit.job.access-review', () =>
        runAccessReviews(deps.db.db, new Date(deps.clock.now())),
      )
      .then((outcome) => {
        const r = outcome.ran ? outcome.value : { opened: 0, removed: 0 };
        if (r.opened || r.removed) deps.log.info(r, 'access reviews run');
      })
      .catch((err: unknown) => deps.log.error({ err }, 'access reviews failed'))
      .finally(() => {
        if (!stopped) timer = deps.clock.setTimeout(tick, everyMs);
      });
  };
  timer = deps.clock.setTimeout(tick, 0);
  return async () => {
    stopped = true;
    if (timer) deps.clock.clearTimeout(timer);
  };
}
