import { describe, expect, it } from 'vitest';
import { as, careWorld } from '../../test/kits/care.js';
import { twoNodesSuite } from '../../test/kits/two-nodes.js';

/**
 * A bulk import's progress from either node (issue 14 §2): deploy/haproxy.cfg balances every request, so the
 * support page's polls of GET /api/imports/{id} land on both nodes while one of them runs the job. The running
 * node mirrors the job to Redis (care/imports/jobs.ts sharedImportJobs); before, the other node answered 404.
 */
const two = await twoNodesSuite();

const HEADER = 'kind,username,display_name,initials,role,unit,ref,citizen,guide';

describe.runIf(two.run)('a bulk import seen from two cloud nodes', () => {
  it('shows the job started on node A, its progress and its row errors, to a poll on node B', async () => {
    const w = await careWorld(two.a);
    const onA = await as(two.a, w.support.subject);
    const onB = await as(two.b, w.support.subject);
    const rows = Array.from({ length: 300 }, (_, i) => `staff,imp.${i},Person ${i},,staff,Team Nord,,,`);
    rows.push('staff,imp.x,Person X,,staff,Team Ukendt,,,');
    const started = await onA.csv('/api/imports?dryRun=true', [HEADER, ...rows].join('\n'));
    expect(started.status).toBe(202);
    let job = (await onB.get(`/api/imports/${started.json.id}`)).json;
    for (let i = 0; i < 600 && job.phase !== 'done' && job.phase !== 'failed'; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const reply = await onB.get(`/api/imports/${started.json.id}`);
      expect(reply.status, 'node B knows the job').toBe(200);
      job = reply.json;
    }
    expect(job).toMatchObject({ phase: 'done', dryRun: true, written: false, total: 301, processed: 301 });
    expect(job.errors).toEqual([expect.objectContaining({ line: 302, column: 'unit' })]);
  });

  it('keeps a municipality’s job from another municipality’s support, on either node', async () => {
    const w = await careWorld(two.a);
    const other = await careWorld(two.a);
    const started = await (await as(two.a, w.support.subject)).csv(
      '/api/imports?dryRun=true',
      `${HEADER}\nstaff,imp.y,Person Y,,staff,Team Nord,,,`,
    );
    for (const node of [two.a, two.b])
      expect(
        (await (await as(node, other.support.subject)).get(`/api/imports/${started.json.id}`)).status,
      ).toBe(404);
  });
});
