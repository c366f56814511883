import type { Context } from 'hono';
import { clearSessionCookie } from '../auth/issue-session.js';
import { revokeSession } from '../auth/session-store.js';
import { appendAudit, credentialOfSession } from '../db/index.js';
import type { Principal } from '../kernel/principal.js';
import { clearCredentialCookie } from './credential-cookie.js';
import { revokeCredential } from './credentials.js';
import type { CitizensDeps } from './deps.js';

type Deps = Pick<CitizensDeps, 'db' | 'clock' | 'config' | 'sessionSockets'>;

/**
 * Used by: POST /api/citizen/logout ("Log ud" on the citizen's page). A citizen logs out on a shared or borrowed
 * phone, tablet or PC, so the next person at it must not find her page, nor hear her calls: ending the session
 * alone would not do, since the browser's credential cookie logs her in again at the next visit (citizen-api.ts
 * startSession). So this unbinds the browser as support's "revoke" does: the credential is revoked, every session
 * it started ends, their signalling sockets close now, its push subscriptions are deleted (the device stops
 * ringing for her) and both cookies are cleared. Using the device again takes a new code (borger.md "Log ud").
 */
export async function citizenLogoutAction(c: Context, deps: Deps, principal: Principal, ip: string | null) {
  const now = new Date(deps.clock.now());
  const credentialId = await credentialOfSession(deps.db.db, principal.sessionId);
  const revoked = credentialId
    ? await revokeCredential(deps.db.db, principal.id, credentialId, now, 'logout')
    : null;
  // No live credential behind the session (revoked a moment ago): the session itself still ends.
  if (!revoked) await revokeSession(deps.db.db, principal.sessionId, 'logout', now);
  const ended = [...new Set([principal.sessionId, ...(revoked?.sessionIds ?? [])])];
  deps.sessionSockets?.closeSessions(ended);
  await appendAudit(deps.db.db, {
    municipalityId: principal.municipalityId,
    actorKind: 'citizen',
    actorId: principal.id,
    action: 'citizen.logout',
    targetKind: 'citizen',
    targetId: principal.id,
    ip,
    details: { credentialId, sessionsEnded: ended.length },
  });
  const secure = deps.config.COOKIE_SECURE;
  clearSessionCookie(c, secure);
  clearCredentialCookie(c, secure);
}
