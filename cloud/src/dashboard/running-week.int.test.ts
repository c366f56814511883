import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, type Subject } from '../../test/kits/care.js';
import { fakeClock } from '../../test/kits/citizens.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { seedCareDemo } from '../care/index.js';
import { seedDemo } from '../db/index.js';
import { seedDashboardHistory } from './seed-history.js';

// Sunday 29 November 2026, 16:00 in Copenhagen (CET): the last day of 2026-W48, still running.
const clock = fakeClock(Date.parse('2026-11-29T15:00:00Z'));
let t: TestCloud;
let support: Subject;

beforeAll(async () => {
  t = await startTestCloud({}, { clock });
  const now = new Date(clock.now());
  const demo = (await seedDemo(t.cloud.db.db, { now, password: 'Demo-Kodeord-Langt-2026' }))!;
  await seedCareDemo(t.cloud.db.db, demo.municipalityId, now);
  await seedDashboardHistory(t.cloud.db.db, demo.municipalityId, now);
  support = {
    kind: 'staff',
    id: demo.staff.find((s) => s.username === 'sofie.berg')!.id,
    municipalityId: demo.municipalityId,
  };
}, 120_000);
afterAll(() => t?.close());

describe('the dashboard on a Sunday', () => {
  it('shows the week that ends today as still running, and as whole from Monday 00:00 in Copenhagen', async () => {
    const sunday = (await (await as(t, support)).get('/api/dashboard')).json;
    expect(sunday.to).toBe('2026-11-29');
    expect(sunday.weeks.at(-1)).toMatchObject({ isoWeek: '2026-W48', complete: false });
    expect(sunday.weeks.at(-2)).toMatchObject({ isoWeek: '2026-W47', complete: true });
    // The 30 days ending today, named by their first local date (31 October, not the UTC date before it).
    expect(sunday.month).toMatchObject({ from: '2026-10-31', to: '2026-11-29' });

    // Monday 00:30 in Copenhagen is still Sunday 23:30 in UTC.
    clock.advance(8.5 * 3_600_000);
    const monday = (await (await as(t, support)).get('/api/dashboard?from=2026-11-01&to=2026-11-29')).json;
    expect(monday.weeks.at(-1)).toMatchObject({ isoWeek: '2026-W48', complete: true });
  });
});
