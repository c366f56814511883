import type { Context } from 'hono';
import type { SessionStage } from '../db/index.js';
import type { AuthDeps } from './deps.js';
import { csrfTokenFor, writeSessionCookie } from './session-cookie.js';
import { createSession } from './session-store.js';

/** Published beside issueSession: a feature that ends its own kind of session (citizen logout) clears the cookie. */
export { clearSessionCookie } from './session-cookie.js';

/**
 * Start a session and set its cookie. Used by: password login (stage second_factor), the second-factor step
 * and SSO (full), citizen activation and device-bound citizen login (full), the shared-console switch.
 * Moving to a new stage always issues a NEW token (no session fixation: OWASP ASVS 5.0 7.2.4).
 */
export async function issueSession(
  c: Context,
  deps: Pick<AuthDeps, 'db' | 'clock' | 'config'>,
  input: {
    subjectKind: 'staff' | 'citizen';
    subjectId: string;
    municipalityId: string;
    stage: SessionStage;
    method: string;
    ip: string | null;
  },
): Promise<{ sessionId: string; csrfToken: string }> {
  const { token, id } = await createSession(deps.db.db, {
    ...input,
    now: new Date(deps.clock.now()),
    absoluteMs: deps.config.SESSION_ABSOLUTE_HOURS * 3_600_000,
  });
  writeSessionCookie(c, token, deps.config.COOKIE_SECURE);
  return { sessionId: id, csrfToken: csrfTokenFor(token) };
}
