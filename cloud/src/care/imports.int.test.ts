import { and, eq, inArray, isNull, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMunicipality, createStaff } from '../../test/fixtures.js';
import { as, careWorld, type Reply } from '../../test/kits/care.js';
import { startTestCloud, type TestCloud } from '../../test/test-cloud.js';
import { auditLogTable, citizenEnrolmentsTable, citizensTable, staffTable } from '../db/index.js';

let t: TestCloud;
let w: Awaited<ReturnType<typeof careWorld>>;

beforeAll(async () => {
  t = await startTestCloud();
  w = await careWorld(t);
}, 60_000);
afterAll(() => t?.close());

const HEADER = 'kind,username,display_name,initials,role,unit,ref,citizen,guide';

/** Polls the job until it finishes; returns every `processed` seen and the final job. */
async function finish(client: Awaited<ReturnType<typeof as>>, started: Reply) {
  expect(started.status).toBe(202);
  const seen: number[] = [started.json.processed];
  for (let i = 0; i < 600; i++) {
    const job = await client.get(`/api/imports/${started.json.id}`);
    seen.push(job.json.processed);
    if (job.json.phase === 'done' || job.json.phase === 'failed') return { job: job.json, seen };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('import did not finish');
}

const staffNamed = (prefix: string) =>
  t.cloud.db.db
    .select()
    .from(staffTable)
    .where(like(staffTable.username, `${prefix}%`));

describe('bulk import from CSV', () => {
  it('reports every bad row on a dry run (line, column, plain words) and writes nothing', async () => {
    const support = await as(t, w.support.subject);
    const file = [
      HEADER,
      'staff,dry.anna,Anna Dry,,staff,Team Nord,,,',
      'staff,dry.boss,Boss Dry,,system_admin,Team Nord,,,',
      'citizen,,Karl Dry,KD,,Ingen Enhed,k1,,',
      'relation,,,,,Hjemmevejledning,,k1,',
      'citizen,,Ole 010203-1234,,,Team Nord,,,',
    ].join('\n');
    const { job } = await finish(support, await support.csv('/api/imports?dryRun=true', file));
    expect(job).toMatchObject({ phase: 'done', dryRun: true, written: false, total: 5, processed: 5 });
    expect(job.errors).toEqual([
      { line: 3, column: 'role', message: 'Roles above support cannot be imported.' },
      { line: 4, column: 'unit', message: 'There is no unit called "Ingen Enhed".' },
      { line: 5, column: 'guide', message: 'Home guidance needs the guide’s username.' },
      { line: 6, column: 'display_name', message: 'This looks like a CPR number. ScreenVisit stores none.' },
    ]);
    expect(await staffNamed('dry.')).toEqual([]);
  });

  it('writes nothing at all when one row of a real import fails', async () => {
    const support = await as(t, w.support.subject);
    const rows = Array.from({ length: 20 }, (_, i) => `staff,bad.${i},Person ${i},,staff,Team Nord,,,`);
    rows.splice(10, 0, 'staff,bad.x,Person X,,staff,Team Ukendt,,,');
    const { job } = await finish(support, await support.csv('/api/imports', [HEADER, ...rows].join('\n')));
    expect(job).toMatchObject({ phase: 'done', written: false, summary: null });
    expect(job.errors).toEqual([expect.objectContaining({ line: 12, column: 'unit' })]);
    expect(await staffNamed('bad.')).toEqual([]);
  });

  it('imports 1,000 rows of staff, citizens and relations in one go, with progress up to the total', async () => {
    const support = await as(t, w.support.subject);
    const rows = [
      ...Array.from({ length: 500 }, (_, i) => `staff,bulk.${i},Medarbejder ${i},,staff,Team Nord,,,`),
      'staff,bulk.guide,Vejleder,,staff,Hjemmevejledning,,,',
      ...Array.from({ length: 399 }, (_, i) => `citizen,,Borger ${i},B${i % 10},,Team Nord,c${i},,`),
      ...Array.from({ length: 99 }, (_, i) => `relation,,,,,Plejehjem Solgården,,c${i},`),
      'relation,,,,,Hjemmevejledning,,c398,bulk.guide',
    ];
    expect(rows).toHaveLength(1000);
    const started = await support.csv('/api/imports', [HEADER, ...rows].join('\n'));
    expect(started.json).toMatchObject({ total: 1000 });
    const { job, seen } = await finish(support, started);
    expect(job).toMatchObject({ phase: 'done', written: true, processed: 1000, total: 1000, errors: [] });
    expect(job.summary).toEqual({ staff: 501, citizens: 399, enrolments: 499 });
    expect(Math.max(...seen)).toBe(1000);
    expect(await staffNamed('bulk.')).toHaveLength(501);
    const citizens = await t.cloud.db.db
      .select({ id: citizensTable.id })
      .from(citizensTable)
      .where(
        and(eq(citizensTable.municipalityId, w.municipality.id), like(citizensTable.displayName, 'Borger %')),
      );
    expect(citizens).toHaveLength(399);
    const enrolments = await t.cloud.db.db
      .select()
      .from(citizenEnrolmentsTable)
      .where(
        and(
          inArray(
            citizenEnrolmentsTable.citizenId,
            citizens.map((c) => c.id),
          ),
          isNull(citizenEnrolmentsTable.endedAt),
        ),
      );
    expect(enrolments).toHaveLength(499);
    const guide = (await staffNamed('bulk.guide'))[0]!;
    expect(enrolments.filter((e) => e.guideStaffId === guide.id)).toHaveLength(1);
    const audit = await t.cloud.db.db
      .select()
      .from(auditLogTable)
      .where(eq(auditLogTable.action, 'data.import.completed'));
    expect(audit[0]?.details).toMatchObject({ jobId: job.id, staff: 501 });
  }, 60_000);

  it('refuses a CPR-like column outright, and support of another municipality cannot read the job', async () => {
    const support = await as(t, w.support.subject);
    const refused = await support.csv(
      '/api/imports?dryRun=true',
      'kind,display_name,cpr_nr,unit\ncitizen,A,0101011234,Team Nord',
    );
    expect(refused.status).toBe(400);
    expect(refused.json.detail).toContain('CPR');
    const started = await support.csv(
      '/api/imports?dryRun=true',
      `${HEADER}\nstaff,x.y,X Y,,staff,Team Nord,,,`,
    );
    const away = await createMunicipality(t);
    const foreign = await createStaff(t, away.id, 'support');
    const other = await as(t, { kind: 'staff', id: foreign.id, municipalityId: away.id });
    expect((await other.get(`/api/imports/${started.json.id}`)).status).toBe(404);
    expect((await (await as(t, w.manager.subject)).csv('/api/imports', HEADER)).status).toBe(403);
  });
});
