import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { requireAuth } from '../../auth/session-middleware.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import { problemLanguage } from '../../kernel/http/problem-texts/index.js';
import { type CareDeps, denials, IdParam, json } from '../route-helpers.js';
import { IMPORT_COLUMNS } from './columns.js';
import { createImportJobs, importJobProgress, jobView } from './jobs.js';
import { startImport } from './run.js';

const Job = z
  .object({
    id: z.uuid(),
    ...importJobProgress,
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .openapi('ImportJob');

const upload = createRoute({
  method: 'post',
  path: '/api/imports',
  tags: ['imports'],
  summary: 'Bulk import of staff, citizens and relations from CSV (support); `?dryRun=true` only checks',
  description: `Send the file as the request body (\`content-type: text/csv\`, UTF-8, at most 64 KiB). Columns (header row, any order): ${IMPORT_COLUMNS.join(', ')}. kind = staff (username, display_name, role staff|unit_manager|support, unit) | citizen (display_name, optional initials, unit, optional ref, guide for home guidance) | relation (citizen = a ref from this file or a citizen id, unit, guide for home guidance). Units are named by their exact name. No CPR numbers, birth dates or health data: such a column refuses the file. File problems answer 400 at once; rows are checked as a job: poll GET /api/imports/{id} for processed/total and per-row errors (line, column, message). If ANY row fails, nothing is written; otherwise everything is written in one transaction.`,
  middleware: [requireAuth(['support'])] as const,
  request: {
    query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
    body: { required: true, content: { 'text/csv': { schema: z.string() } } },
  },
  responses: { 202: json('the job, started', Job), ...denials },
});

const status = createRoute({
  method: 'get',
  path: '/api/imports/{id}',
  tags: ['imports'],
  summary: 'An import job’s progress and result, from any node (jobs are kept for an hour after they finish)',
  middleware: [requireAuth(['support'])] as const,
  request: { params: IdParam },
  responses: { 200: json('the job', Job), ...denials },
});

export function importRoutes(app: OpenAPIHono<AppEnv>, deps: CareDeps) {
  const jobs = deps.importJobs ?? createImportJobs();
  app.openapi(upload, async (c) => {
    const dryRun = c.req.valid('query').dryRun === 'true';
    const text = await c.req.text();
    const job = startImport(deps, jobs, c.get('principal')!, { text, dryRun }, c.get('clientIp'));
    return c.json(jobView(job, problemLanguage(c.req.header('accept-language'))), 202);
  });
  app.openapi(status, async (c) => {
    const job = await jobs.get(c.req.valid('param').id, c.get('principal')!.municipalityId);
    if (!job) throw AppError.notFound('Import');
    c.header('cache-control', 'no-store');
    return c.json(jobView(job, problemLanguage(c.req.header('accept-language'))), 200);
  });
}
