import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type ProblemLanguage, translateProblem } from '../../kernel/http/problem-texts/index.js';
import type { RowError } from './validate.js';
import type { WriteSummary } from './write.js';

/**
 * Import jobs: the node that runs one holds it in memory (one registry per app, no module singleton) and, with
 * several nodes, mirrors it to Redis on every change (`sharedImportJobs`), so a poll that HAProxy sends to another
 * node reads the same progress (deploy/haproxy.cfg balances every request; before, that poll answered 404). The
 * job is only a progress report: the import itself is all-or-nothing in one database transaction, so losing a job
 * record (a restart) loses no data, only the progress bar.
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
  /** The running node changed the job (progress, phase, result): shared with the other nodes, if any. */
  changed(job: ImportJob): void;
  get(id: string, municipalityId: string): Promise<ImportJob | null>;
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
    changed() {},
    async get(id, municipalityId) {
      const job = jobs.get(id);
      return job && job.municipalityId === municipalityId ? job : null;
    },
  };
}

/** The part of a Redis connection the shared registry uses (ioredis' `Redis`, keys under REDIS_KEY_PREFIX). */
export interface JobStore {
  set(key: string, value: string, mode: 'PX', ttlMs: number): Promise<unknown>;
  get(key: string): Promise<string | null>;
}

/** Progress is mirrored at most this often per job; a change of phase (and the end) always at once. */
export const MIRROR_EVERY_MS = 250;

/** A mirrored job as read back from Redis: a boundary like any other, so it is parsed, not trusted. */
/**
 * A job's progress and result, the fields the API shows (routes.ts, the ImportJob schema) and the Redis mirror
 * holds alike: one definition for both.
 */
export const importJobProgress = {
  dryRun: z.boolean(),
  phase: z.enum(['validating', 'writing', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), column: z.string(), message: z.string() })),
  written: z.boolean(),
  summary: z
    .object({ staff: z.number().int(), citizens: z.number().int(), enrolments: z.number().int() })
    .nullable(),
  failure: z.string().nullable(),
};

const MirroredJob = z.object({
  id: z.string(),
  municipalityId: z.string(),
  createdBy: z.string(),
  ...importJobProgress,
  createdAt: z.iso.datetime().transform((d) => new Date(d)),
  finishedAt: z.iso
    .datetime()
    .nullable()
    .transform((d) => (d === null ? null : new Date(d))),
});

/**
 * Several nodes (REDIS_URL): the running node's memory, mirrored to Redis under `import:<id>` for JOB_TTL_MS
 * after its last change. A node asked for a job it does not run reads the mirror. `monotonicMs` is the node's
 * clock for the mirror's pacing; `onError`: a failed write is logged, and the next change writes again.
 */
export function sharedImportJobs(
  store: JobStore,
  options: { monotonicMs: () => number; onError: (error: unknown, jobId: string) => void },
): ImportJobs {
  const local = createImportJobs();
  const written = new Map<string, { atMs: number; phase: ImportPhase }>();
  const write = (job: ImportJob) => {
    written.set(job.id, { atMs: options.monotonicMs(), phase: job.phase });
    if (job.finishedAt) written.delete(job.id);
    store
      .set(`import:${job.id}`, JSON.stringify(job), 'PX', JOB_TTL_MS)
      .catch((error: unknown) => options.onError(error, job.id));
  };
  return {
    create(input, now) {
      const job = local.create(input, now);
      write(job);
      return job;
    },
    changed(job) {
      const last = written.get(job.id);
      const due = !last || last.phase !== job.phase || options.monotonicMs() - last.atMs >= MIRROR_EVERY_MS;
      if (due || job.finishedAt) write(job);
    },
    async get(id, municipalityId) {
      const own = await local.get(id, municipalityId);
      if (own) return own;
      const raw = await store.get(`import:${id}`);
      if (raw === null) return null;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return null;
      }
      const parsed = MirroredJob.safeParse(json);
      return parsed.success && parsed.data.municipalityId === municipalityId ? parsed.data : null;
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
