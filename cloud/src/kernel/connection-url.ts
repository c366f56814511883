import { z } from 'zod';

/**
 * DATABASE_URL and REDIS_URL, checked the way their drivers will read them, so a URL they cannot read stops the
 * start as a configuration problem naming the variable (exit 2) instead of failing later in a driver. A scheme
 * regex alone let through what postgres.js and ioredis then choke on: a bare `%` in a password or database name
 * (both drivers decodeURIComponent it and throw "URI malformed" outside any error handling, so the cloud exited 1
 * and systemd restarted it in a loop), and a port that is not a number (ioredis's legacy parser drops it and
 * quietly connects to 6379). The messages never repeat the URL: it holds the password.
 */
export function connectionUrlProblem(raw: string, schemes: readonly string[]): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL: is the port a number, and are # / ? @ % in the user name or password percent-encoded (# as %23)?';
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) return `it must start with ${schemes.map((s) => `${s}://`).join(' or ')}`;
  for (const part of [url.username, url.password, url.pathname]) {
    try {
      decodeURIComponent(part);
    } catch {
      return 'a % in the user name, password or database that is not percent-encoding (write % as %25)';
    }
  }
  return null;
}

function connectionUrl(schemes: readonly string[], example: string) {
  return z.string().superRefine((raw, ctx) => {
    const problem = connectionUrlProblem(raw, schemes);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; expected ${example}` });
  });
}

/** postgres://user:password@host:port/database (a socket directory: postgres:///database?host=/run/postgresql). */
export const postgresUrl = connectionUrl(
  ['postgres', 'postgresql'],
  'postgres://user:password@host:5432/database',
);

export const redisUrl = connectionUrl(
  ['redis', 'rediss'],
  'redis://[user:password@]host:port[/db] (rediss:// for TLS)',
);

/** host:port/db of a Redis URL for messages: never the password (the URL may be pasted in tickets). */
export function describeRedisUrl(raw: string): string {
  const url = new URL(raw);
  return `${url.hostname}:${url.port || '6379'}/${url.pathname.slice(1) || '0'}`;
}
