import type { ClockTimer } from '@screenvisit/protocol';
import { and, desc, eq, ne } from 'drizzle-orm';
import { accessReviewsTable, type Db, unitsTable } from '../db/index.js';
import type { AccessReviewDeps } from './deps.js';
import { AccessReviewPolicy, type EndedRelation, openReview, sweepDeadlines } from './review.js';

/**
 * Opens a review for every unit whose last one opened `everyMonths` ago (or never), then sweeps deadlines.
 * Support units hold no citizens and are reviewed like any other (their members have access too).
 */
export async function runAccessReviews(
  db: Db,
  now: Date,
  policy: AccessReviewPolicy = AccessReviewPolicy.parse({}),
): Promise<{ opened: number; removed: number; relationsEnded: EndedRelation[] }> {
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
  return { opened, ...(await sweepDeadlines(db, now)) };
}

/**
 * After relations were removed by a review (a manager's answer or the deadline's sweep): a live call one of them
 * allowed ends now (permission_revoked), as when support closes a relation (care/route-helpers.ts
 * recheckLiveCalls), and the residents' lamps learn their hours. Both after the commit: a failure is logged.
 */
export async function afterRelationsEnded(
  deps: Pick<AccessReviewDeps, 'kioskConfigs' | 'callHooks' | 'log'>,
  ended: readonly EndedRelation[],
): Promise<void> {
  if (ended.length === 0) return;
  if (deps.callHooks) {
    try {
      const calls = await deps.callHooks.recheckPermissions();
      if (calls) deps.log.info({ calls }, 'live calls ended after an access review');
    } catch (error) {
      deps.log.warn({ err: error }, 'live-call permission re-check after an access review failed');
    }
  }
  await pushHoursAfterReview(deps, ended);
}

/**
 * After relations were removed by a review: the kiosks of those residents get their night-watch hours anew (her
 * permission went with the relation, so her button's lamp must go out), one push per municipality. The removal
 * is committed: a failing push is logged, and the kiosks get their hours with their next push.
 */
export async function pushHoursAfterReview(
  deps: Pick<AccessReviewDeps, 'kioskConfigs' | 'log'>,
  ended: readonly EndedRelation[],
): Promise<void> {
  const byMunicipality = new Map<string, Set<string>>();
  for (const { municipalityId, citizenId } of ended)
    byMunicipality.set(municipalityId, (byMunicipality.get(municipalityId) ?? new Set()).add(citizenId));
  for (const [municipalityId, citizens] of byMunicipality) {
    try {
      const kiosks = await deps.kioskConfigs?.nightWatchHoursChanged(municipalityId, [...citizens]);
      if (kiosks)
        deps.log.info({ citizens: citizens.size, kiosks }, 'night-watch hours pushed after an access review');
    } catch (error) {
      deps.log.warn(
        { err: error, municipalityId, citizens: citizens.size },
        'could not push the night-watch hours after an access review',
      );
    }
  }
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
      .then(async (outcome) => {
        if (!outcome.ran) return;
        const { opened, removed, relationsEnded } = outcome.value;
        if (opened || removed) deps.log.info({ opened, removed }, 'access reviews run');
        await afterRelationsEnded(deps, relationsEnded);
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
