import { appendAudit } from '../../db/index.js';
import type { AuthDeps } from '../deps.js';

/**
 * Why a login step failed, for the audit log (never the password, the code, or the username typed: an
 * unknown username may be someone's password typed into the wrong field).
 */
export type LoginFailure =
  | 'unknown_user'
  | 'ambiguous_user'
  | 'no_password'
  | 'bad_password'
  | 'disabled'
  | 'network'
  | 'bad_totp'
  | 'totp_replay'
  | 'bad_recovery_code'
  | 'no_factor';

export async function auditAuth(
  deps: Pick<AuthDeps, 'db' | 'clock'>,
  entry: {
    action: string;
    municipalityId: string | null;
    staffId: string | null;
    ip: string | null;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  await appendAudit(deps.db.db, {
    municipalityId: entry.municipalityId,
    at: new Date(deps.clock.now()),
    actorKind: entry.staffId ? 'staff' : 'system',
    actorId: entry.staffId,
    action: entry.action,
    targetKind: 'staff',
    targetId: entry.staffId,
    ip: entry.ip,
    details: entry.details ?? {},
  });
}
