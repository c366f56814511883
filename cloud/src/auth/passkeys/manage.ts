import { appendAudit, type PasskeyRow } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import type { AuthDeps } from '../deps.js';
import { deletePasskey, listPasskeys } from './passkey-repo.js';

type Deps = Pick<AuthDeps, 'db' | 'clock'>;

/** What the person sees of their passkeys: never the key material or the credential id. */
export function toPasskeyView(row: PasskeyRow) {
  return {
    id: row.id,
    name: row.name,
    transports: row.transports,
    backedUp: row.backedUp,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** Used by GET /api/auth/passkeys: one's own passkeys only. */
export async function myPasskeys(deps: Deps, principal: Principal) {
  return (await listPasskeys(deps.db.db, principal)).map(toPasskeyView);
}

/**
 * Used by DELETE /api/auth/passkeys/:id. Only one's own (someone else's id is simply not found, so ids of
 * other people's passkeys cannot be probed). Removing the last passkey is allowed on purpose: this slice
 * cannot see the person's other factors (TOTP, recovery codes), and the login never grants a full session
 * to a person with no second factor (it sends them to enrolment instead), so no password-only login results.
 */
export async function removePasskey(deps: Deps, principal: Principal, id: string, ip: string | null) {
  const removed = await deletePasskey(deps.db.db, principal, id);
  if (!removed) throw AppError.notFound('The passkey');
  const remaining = (await listPasskeys(deps.db.db, principal)).length;
  await appendAudit(deps.db.db, {
    municipalityId: principal.municipalityId,
    at: new Date(deps.clock.now()),
    actorKind: principal.kind,
    actorId: principal.id,
    action: 'auth.passkey.removed',
    targetKind: principal.kind,
    targetId: principal.id,
    ip,
    details: { passkeyId: id, remaining },
  });
}
