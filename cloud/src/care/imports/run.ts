import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { auditCare, type CareDeps, nowOf } from '../route-helpers.js';
import { ImportFileError, readImportFile } from './columns.js';
import type { ImportJob, ImportJobs } from './jobs.js';
import { validateImport } from './validate.js';
import { loadLookups, writeImport } from './write.js';

/** One file, at most this many rows (the request body is limited to 64 KiB anyway). */
export const MAX_IMPORT_ROWS = 5_000;

/**
 * Used by: POST /api/imports. Problems with the FILE (header, CPR-like column, no rows) are answered at once
 * (400); the rows are then checked, and written unless it is a dry run or any row failed, as a background job
 * whose progress GET /api/imports/:id reports.
 */
export function startImport(
  deps: CareDeps,
  jobs: ImportJobs,
  principal: Principal,
  input: { text: string; dryRun: boolean },
  ip: string | null,
): ImportJob {
  let rows: ReturnType<typeof readImportFile>;
  try {
    rows = readImportFile(input.text, MAX_IMPORT_ROWS);
  } catch (error) {
    if (error instanceof ImportFileError) throw AppError.invalidInput(error.message);
    throw error;
  }
  const job = jobs.create(
    {
      municipalityId: principal.municipalityId,
      createdBy: principal.id,
      dryRun: input.dryRun,
      total: rows.length,
    },
    nowOf(deps),
  );
  void (async () => {
    const db = deps.db.db;
    const lookups = await loadLookups(db, principal.municipalityId);
    const { plan, errors } = await validateImport(rows, lookups, (n) => {
      job.processed = n;
      jobs.changed(job);
    });
    job.errors = errors;
    if (errors.length === 0 && !input.dryRun) {
      job.phase = 'writing';
      job.processed = 0;
      jobs.changed(job);
      job.summary = await writeImport(
        db,
        { municipalityId: principal.municipalityId, plan, lookups, at: nowOf(deps) },
        (n) => {
          job.processed = n;
          jobs.changed(job);
        },
      );
      job.written = true;
      job.processed = job.total;
      await auditCare(deps, principal, ip, {
        action: 'data.import.completed',
        targetKind: 'municipality',
        targetId: principal.municipalityId,
        details: { jobId: job.id, ...job.summary },
      });
    }
    job.phase = 'done';
    job.finishedAt = nowOf(deps);
    jobs.changed(job);
  })().catch((error: unknown) => {
    // Unique races (someone created the same username meanwhile) and lost connections land here; the
    // transaction has rolled back, so nothing of the file was written.
    deps.log.error({ err: error, jobId: job.id }, 'import failed');
    job.phase = 'failed';
    job.written = false;
    job.summary = null;
    job.failure = 'The import stopped before anything was written. Check the file and try again.';
    job.finishedAt = nowOf(deps);
    jobs.changed(job);
  });
  return job;
}
