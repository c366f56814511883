import { systemClock } from '@screenvisit/protocol';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { careWorld, connect } from '../../test/kits/calls.js';
import { as, member } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { accessReviewLinesTable, accessReviewsTable } from '../db/index.js';
import { createLogger } from '../kernel/logger.js';
import { runAccessReviews, scheduleAccessReviews } from './schedule.js';

/**
 * A relation the access review removes ends the live call it allowed at once (permission_revoked), by a unit
 * manager's answer and by the sweep at the deadline alike, as support closing a relation does. The router's
 * periodic re-check is off here (0 s), so nothing else can end the call.
 */
let t: TestCloud;
beforeAll(async () => {
  t = await startTestCloud({ CALL_PERMISSION_RECHECK_SECONDS: '0' });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

/** A nurse in a call with a citizen of her team, the team's review open, and the citizen's relation line. */
async function callUnderReview(requestId: string) {
  const w = await careWorld(t);
  const nurse = await connect(t, w.nurse);
  const home = await connect(t, w.home);
  nurse.send({ type: 'call.place', requestId, to: { kind: 'citizen', id: w.home.id } });
  const { callId } = await nurse.next('call.ringing', (m) => m.requestId === requestId);
  home.send({ type: 'call.accept', callId });
  await nurse.next('call.accepted', (m) => m.callId === callId);
  await runAccessReviews(t.cloud.db.db, new Date());
  const [line] = await t.cloud.db.db
    .select({ id: accessReviewLinesTable.id, reviewId: accessReviewLinesTable.reviewId })
    .from(accessReviewLinesTable)
    .innerJoin(accessReviewsTable, eq(accessReviewsTable.id, accessReviewLinesTable.reviewId))
    .where(
      and(eq(accessReviewsTable.unitId, w.team.id), eq(accessReviewLinesTable.subjectId, w.homeEnrolment.id)),
    );
  const close = () => {
    nurse.ws.close();
    home.ws.close();
  };
  return { w, nurse, callId, line: line!, close };
}

describe('a live call after an access review', () => {
  it('ends when the unit manager removes the citizen from the unit', async () => {
    const { w, nurse, callId, line, close } = await callUnderReview('ar1');
    const manager = await member(t, w.municipalityId, 'unit_manager', [w.team.id]);
    const removed = await (await as(t, manager.subject)).post(`/api/access-reviews/lines/${line.id}`, {
      decision: 'removed',
    });
    expect(removed.status).toBe(204);
    expect(await nurse.next('call.ended', (m) => m.callId === callId)).toMatchObject({
      reason: 'permission_revoked',
    });
    close();
  });

  it('ends when the sweep removes a relation nobody confirmed by the deadline', async () => {
    const { nurse, callId, line, close } = await callUnderReview('ar2');
    await t.cloud.db.db
      .update(accessReviewsTable)
      .set({ deadline: new Date(Date.now() - 1_000) })
      .where(eq(accessReviewsTable.id, line.reviewId));
    // The job as the cloud runs it (node/start-cloud.ts), with the cloud's own call router.
    const stop = scheduleAccessReviews(
      {
        db: t.cloud.db,
        clock: systemClock,
        log: createLogger({ level: 'silent' }),
        kioskConfigs: t.cloud.kioskConfigs,
        callHooks: t.cloud.calls,
      },
      3_600_000,
    );
    try {
      expect(await nurse.next('call.ended', (m) => m.callId === callId)).toMatchObject({
        reason: 'permission_revoked',
      });
    } finally {
      await stop();
    }
    close();
  });
});
