import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** What `login` leaves behind: the cloud's URL, the session cookie and its CSRF token. Nothing else. */
export const StoredSession = z
  .object({ baseUrl: z.url(), cookie: z.string().min(1), csrfToken: z.string().min(1) })
  .strict();
export type StoredSession = z.infer<typeof StoredSession>;

/** XDG Base Directory spec: $XDG_CONFIG_HOME, else ~/.config. */
export function sessionPath(env: Record<string, string | undefined>): string {
  const base =
    env.XDG_CONFIG_HOME && env.XDG_CONFIG_HOME.length > 0 ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'screenvisit', 'support-session.json');
}

export function readSession(path: string): StoredSession | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = StoredSession.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The cookie is a bearer secret: folder 0700, file 0600 (chmod too, since `mode` applies only on create). */
export function writeSession(path: string, session: StoredSession): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(session)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

export function removeSession(path: string): void {
  rmSync(path, { force: true });
}
