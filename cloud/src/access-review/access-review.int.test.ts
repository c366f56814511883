import { FakeClock } from '@screenvisit/protocol/testing';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import {
  accessReviewLinesTable,
  accessReviewsTable,
  auditLogTable,
  citizenEnrolmentsTable,
  seedDemo,
  unitMembershipsTable,
  unitsTable,
} from '../db/index.js';
import { decideLine } from './review.js';
import { runAccessReviews } from './schedule.js';

const DAY = 86_400_000;
let t: TestCloud;
let demo: NonNullable<Awaited<ReturnType<typeof seedDemo>>>;
const clock = new FakeClock(Date.parse('2027-01-04T08:00:00Z'));

beforeAll(async () => {
  t = await startTestCloud();
  demo = (await seedDemo(t.cloud.db.db, {
    now: new Date(clock.now()),
    password: 'Demo-Kodeord-Langt-2026',
  }))!;
}, 120_000);
afterAll(() => t?.close());

describe('the access review', () => {
  it('removes what the unit manager did not confirm at the deadline, and the audit log shows who confirmed what', async () => {
    const db = t.cloud.db.db;
    const [team] = await db.select().from(unitsTable).where(eq(unitsTable.kind, 'home_care_team'));
    const staffId = (u: string) => demo.staff.find((s) => s.username === u)!.id;
    const mette = staffId('mette.larsen');
    const jonas = staffId('jonas.nielsen');

    const first = await runAccessReviews(db, new Date(clock.now()));
    expect(first.opened).toBeGreaterThanOrEqual(3);
    const [review] = await db
      .select()
      .from(accessReviewsTable)
      .where(eq(accessReviewsTable.unitId, team!.id));
    expect(review!.deadline.getTime() - review!.openedAt.getTime()).toBe(30 * DAY);
    const lines = await db
      .select()
      .from(accessReviewLinesTable)
      .where(eq(accessReviewLinesTable.reviewId, review!.id));
    const memberLine = (id: string) => lines.find((l) => l.kind === 'membership' && l.subjectId === id)!;
    const relationLines = lines.filter((l) => l.kind === 'relation');
    expect(relationLines.length).toBeGreaterThan(0);

    // The manager confirms herself and one citizen relation; Jonas and the other relations stay undecided.
    const at = () => new Date(clock.now());
    await decideLine(db, {
      lineId: memberLine(mette).id,
      decision: 'confirmed',
      by: mette,
      at: at(),
      municipalityId: demo.municipalityId,
    });
    await decideLine(db, {
      lineId: relationLines[0]!.id,
      decision: 'confirmed',
      by: mette,
      at: at(),
      municipalityId: demo.municipalityId,
    });
    await expect(
      decideLine(db, {
        lineId: relationLines[0]!.id,
        decision: 'removed',
        by: mette,
        at: at(),
        municipalityId: demo.municipalityId,
      }),
    ).rejects.toMatchObject({ reason: 'already_decided' });

    // One day before the deadline nothing is removed yet.
    clock.advance(29 * DAY);
    expect((await runAccessReviews(db, at())).removed).toBe(0);
    expect(await isMember(jonas, team!.id)).toBe(true);

    clock.advance(DAY);
    const swept = await runAccessReviews(db, at());
    expect(swept.opened).toBe(0);
    expect(swept.removed).toBeGreaterThan(0);
    expect(await isMember(jonas, team!.id), 'unconfirmed membership removed').toBe(false);
    expect(await isMember(mette, team!.id), 'confirmed membership kept').toBe(true);
    const [kept] = await db
      .select()
      .from(citizenEnrolmentsTable)
      .where(eq(citizenEnrolmentsTable.id, relationLines[0]!.subjectId));
    expect(kept!.endedAt).toBeNull();
    for (const l of relationLines.slice(1)) {
      const [ended] = await db
        .select()
        .from(citizenEnrolmentsTable)
        .where(eq(citizenEnrolmentsTable.id, l.subjectId));
      expect(ended!.endedAt, 'unconfirmed relation ended').not.toBeNull();
    }

    const audit = await db.select().from(auditLogTable).where(like(auditLogTable.action, 'access_review.%'));
    expect(
      audit.filter((a) => a.action === 'access_review.confirmed').map((a) => [a.actorId, a.targetId]),
    ).toEqual(
      expect.arrayContaining([
        [mette, mette],
        [mette, relationLines[0]!.subjectId],
      ]),
    );
    expect(
      audit.some(
        (a) =>
          a.action === 'access_review.removed_at_deadline' &&
          a.actorKind === 'system' &&
          a.targetId === jonas,
      ),
    ).toBe(true);
    // Closed: a later run does not sweep it again, and the next review opens six months later.
    expect((await runAccessReviews(db, at())).removed).toBe(0);
    clock.advance(152 * DAY);
    expect((await runAccessReviews(db, at())).opened).toBeGreaterThanOrEqual(3);
  });
});

async function isMember(staffId: string, unitId: string) {
  const rows = await t.cloud.db.db
    .select()
    .from(unitMembershipsTable)
    .where(and(eq(unitMembershipsTable.staffId, staffId), eq(unitMembershipsTable.unitId, unitId)));
  return rows.length > 0;
}
