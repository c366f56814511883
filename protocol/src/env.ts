import { z } from 'zod';

/**
 * One table per process lists every environment variable it reads: name, default, meaning and decoder.
 * docs/operations.md is generated from these tables (npm run docs:write) and a test keeps it in sync.
 */
export interface EnvVar<S extends z.ZodType = z.ZodType> {
  readonly schema: S;
  /** Raw string default, applied before decoding; omit for variables that are optional or required. */
  readonly default?: string;
  readonly doc: string;
}

export type EnvTable = Record<string, EnvVar>;
export type EnvValues<T extends EnvTable> = { [K in keyof T]: z.output<T[K]['schema']> };

export function defineEnv<T extends EnvTable>(table: T): T {
  return table;
}

/** Invalid configuration: every problem at once, so the operator fixes them in one go. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly process: string,
    readonly problems: readonly string[],
  ) {
    super(
      `${process}: invalid configuration. ${problems.join(' ')} Fix ${problems.length === 1 ? 'it' : 'these'} and start again.`,
    );
  }
}

export function isConfigError(e: unknown): e is ConfigError {
  return e instanceof ConfigError;
}

export function parseEnv<T extends EnvTable>(
  processName: string,
  table: T,
  env: Record<string, string | undefined>,
): EnvValues<T> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const raw = env[name] === undefined || env[name] === '' ? spec.default : env[name];
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) {
      out[name] = parsed.data;
    } else {
      const message = parsed.error.issues[0]?.message ?? 'invalid';
      // Never echo the value: it may be a secret (DATABASE_URL with a password, TURN secret).
      const doc = spec.doc.endsWith('.') ? spec.doc : `${spec.doc}.`;
      problems.push(`${name} ${raw === undefined ? 'is required' : `is invalid (${message})`}: ${doc}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(processName, problems);
  return out as EnvValues<T>;
}

/** Markdown table of a process's variables, for docs/operations.md. */
export function envTableMarkdown(table: EnvTable): string {
  const rows = Object.entries(table).map(
    ([name, spec]) =>
      `| \`${name}\` | ${spec.default === undefined ? '' : `\`${spec.default}\``} | ${spec.doc} |`,
  );
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** Reusable decoders for env strings. */
export const envPort = z.coerce.number().int().min(0).max(65535);
export const envBool = z.enum(['true', 'false', '1', '0']).transform((s) => s === 'true' || s === '1');
export const envLogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
