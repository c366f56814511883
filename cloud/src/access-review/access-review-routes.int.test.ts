import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { seedDemo } from '../db/index.js';
import { runAccessReviews } from './schedule.js';

let t: TestCloud;
let demo: NonNullable<Awaited<ReturnType<typeof seedDemo>>>;
beforeAll(async () => {
  t = await startTestCloud();
  demo = (await seedDemo(t.cloud.db.db, { now: new Date(), password: 'Demo-Kodeord-Langt-2026' }))!;
  await runAccessReviews(t.cloud.db.db, new Date());
}, 120_000);
afterAll(() => t?.close());

const who = (username: string) => ({
  kind: 'staff' as const,
  id: demo.staff.find((s) => s.username === username)!.id,
  municipalityId: demo.municipalityId,
});

describe('the access review over HTTP', () => {
  it('lets the unit manager confirm or remove each line of her own unit once, and shows support the status per unit', async () => {
    const mette = await as(t, who('mette.larsen'));
    const mine = (await mette.get('/api/access-reviews')).json.reviews;
    expect(mine.map((r: { unitName: string }) => r.unitName)).toEqual(['Hjemmeplejen Nørrebro']);
    const review = mine[0];
    expect(review.mayDecide).toBe(true);
    expect(review.lines.length).toBe(review.counts.total);
    const jonas = review.lines.find((l: { name: string }) => l.name === 'Jonas Nielsen');
    const relation = review.lines.find((l: { kind: string }) => l.kind === 'relation');
    expect(jonas).toBeDefined();
    expect(relation.detail).toBe('Hjemmeplejen Nørrebro');

    expect(
      (await mette.post(`/api/access-reviews/lines/${jonas.id}`, { decision: 'confirmed' })).status,
    ).toBe(204);
    expect((await mette.post(`/api/access-reviews/lines/${jonas.id}`, { decision: 'removed' })).status).toBe(
      409,
    );
    expect(
      (await mette.post(`/api/access-reviews/lines/${relation.id}`, { decision: 'removed' })).status,
    ).toBe(204);
    expect((await mette.post(`/api/access-reviews/lines/${relation.id}`, { decision: 'maybe' })).status).toBe(
      400,
    );

    const support = await as(t, who('sofie.berg'));
    const all = (await support.get('/api/access-reviews')).json.reviews;
    expect(all.length).toBeGreaterThanOrEqual(3);
    const hers = all.find((r: { id: string }) => r.id === review.id);
    expect(hers).toMatchObject({ mayDecide: false, counts: { confirmed: 1, removed: 1 } });
    // Support sees the status but the manager decides: support's answer is refused.
    const undecided = hers.lines.find((l: { decision: string | null }) => l.decision === null);
    expect(
      (await support.post(`/api/access-reviews/lines/${undecided.id}`, { decision: 'confirmed' })).status,
    ).toBe(403);
    // A manager of another unit cannot answer for this one.
    const other = all.find(
      (r: { unitName: string; lines: unknown[] }) => r.unitName !== 'Hjemmeplejen Nørrebro' && r.lines.length,
    );
    expect(
      (await mette.post(`/api/access-reviews/lines/${other.lines[0].id}`, { decision: 'confirmed' })).status,
    ).toBe(403);
  });
});
