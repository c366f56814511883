import { randomUUID } from 'node:crypto';
import { type ProblemLanguage, translateProblem } from '../../kernel/http/problem-texts/index.js';
import type { RowError } from './validate.js';
import type { WriteSummary } from './write.js';

/**
 * Import jobs IN MEMORY, per cloud node (one registry per app, no module singleton). The job is only a progress
 * report: the import itself is all-or-nothing in one database transaction, so losing a job record (a restart)
 * loses no data, only the progress bar. With several cloud nodes the poll must reach the node that runs the job
 * (sticky sessions), or this registry moves to the database behind the same interface.
 */
export type ImportPhase = 'validating' | 'writing' | 'done' | 'failed';

export interface ImportJob {
  id: string;
  municipalityId: string;
  createdBy: string;
  dryRun: boolean;
  phase: ImportPhase;
  /** Data rows in the file. */
  total: number;
  /** Rows handled in the current phase (validated, then written); equals total when done. */
  processed: number;
  errors: RowError[];
  written: boolean;
  summary: WriteSummary | null;
  /** A failure that is not about a row (e.g. the database went away): nothing was written. */
  failure: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ImportJobs {
  create(input: Pick<ImportJob, 'municipalityId' | 'createdBy' | 'dryRun' | 'total'>, now: Date): ImportJob;
  get(id: string, municipalityId: string): ImportJob | null;
}

/** Finished jobs are kept this long for the UI to read the result. */
export const JOB_TTL_MS = 60 * 60_000;
const MAX_JOBS = 200;

export function createImportJobs(): ImportJobs {
  const jobs = new Map<string, ImportJob>();
  const evict = (now: Date) => {
    for (const [id, job] of jobs)
      if (job.finishedAt && now.getTime() - job.finishedAt.getTime() > JOB_TTL_MS) jobs.delete(id);
    while (jobs.size >= MAX_JOBS) {
      const oldest = [...jobs.values()].find((j) => j.finishedAt);
      if (!oldest) break;
      jobs.delete(oldest.id);
    }
  };
  return {
    create(input, now) {
      evict(now);
      const job: ImportJob = {
        ...input,
        id: randomUUID(),
        phase: 'validating',
        processed: 0,
        errors: [],
        written: false,
        summary: null,
        failure: null,
        createdAt: now,
        finishedAt: null,
      };
      jobs.set(job.id, job);
      return job;
    },
    get(id, municipalityId) {
      const job = jobs.get(id);
      return job && job.municipalityId === municipalityId ? job : null;
    },
  };
}

/** The job as the API shows it, its row texts in the reader's language (issue 12 §7). */
export function jobView(job: ImportJob, language: ProblemLanguage = 'en') {
  return {
    id: job.id,
    dryRun: job.dryRun,
    phase: job.phase,
    total: job.total,
    processed: job.processed,
    errors: job.errors.map((e) => ({ ...e, message: translateProblem(e.message, language) })),
    written: job.written,
    summary: job.summary,
    failure: job.failure === null ? null : translateProblem(job.failure, language),
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
