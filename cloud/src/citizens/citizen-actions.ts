import { and, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { issueSession } from '../auth/issue-session.js';
import { loadRelationGraph, nightWatchPoolFor } from '../care/index.js';
import { appendAudit, citizensTable } from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import type { Principal } from '../kernel/principal.js';
import { loadSecretsKey } from '../kernel/secrets/secrets-key.js';
import { normaliseCode, redeemCode } from './activation-codes.js';
import { callableStaffFor } from './callable-staff.js';
import { claimTotpStep, getSecurity } from './citizen-repo.js';
import { clearCredentialCookie, readCredentialCookie, writeCredentialCookie } from './credential-cookie.js';
import {
  type CredentialRow,
  createCredential,
  findCredential,
  linkSession,
  touchCredential,
} from './credentials.js';
import type { CitizensDeps } from './deps.js';
import { checkTotp, pinMatches } from './factors.js';
import { type CitizenThrottles, takeAttempt } from './throttle.js';
import { openCitizenTotpSecret } from './totp-secret.js';

type Deps = Pick<CitizensDeps, 'db' | 'clock' | 'log' | 'config'>;

export interface LoginResult {
  sessionStarted: boolean;
  needs?: 'pin' | 'totp';
  csrfToken?: string;
}

const NOT_BOUND = 'This screen is not set up yet. Use the code from your letter, SMS or Digital Post.';

/**
 * Used by: POST /api/citizen/activate. Trades a one-time code for a credential bound to this browser
 * (its own cookie), then logs in with it. A citizen whose level asks for a PIN or TOTP gets the credential
 * but no session yet: the browser continues with POST /api/citizen/session.
 */
export async function activateAction(
  c: Context,
  deps: Deps,
  throttles: CitizenThrottles,
  code: string,
  ip: string | null,
): Promise<LoginResult> {
  // The try is taken before the code is looked at; a redeemed code gives it back (only failures count).
  const attempt = await takeAttempt(throttles.activation, ip ?? 'unknown');
  const now = new Date(deps.clock.now());
  const redeemed = await redeemCode(deps.db.db, normaliseCode(code), now);
  if (!redeemed) {
    await appendAudit(deps.db.db, {
      actorKind: 'system',
      action: 'citizen.activation_failed',
      ip,
      details: {},
    });
    throw AppError.gone('This code is used, expired or unknown. Ask support for a new code.');
  }
  await attempt.giveBack();
  const credential = await createCredential(deps.db.db, {
    citizenId: redeemed.citizenId,
    municipalityId: redeemed.municipalityId,
    activationCodeId: redeemed.codeId,
    label: 'browser',
    now,
  });
  writeCredentialCookie(c, credential.token, deps.config.COOKIE_SECURE);
  await appendAudit(deps.db.db, {
    municipalityId: redeemed.municipalityId,
    actorKind: 'citizen',
    actorId: redeemed.citizenId,
    action: 'citizen.activation_code_redeemed',
    targetKind: 'citizen',
    targetId: redeemed.citizenId,
    ip,
    details: { codeId: redeemed.codeId, credentialId: credential.id },
  });
  const security = await getSecurity(deps.db.db, redeemed.citizenId);
  if (security.level !== 'device_bound') {
    return { sessionStarted: false, needs: security.level === 'device_bound_pin' ? 'pin' : 'totp' };
  }
  const row: Pick<CredentialRow, 'id' | 'citizenId' | 'municipalityId'> = {
    id: credential.id,
    citizenId: redeemed.citizenId,
    municipalityId: redeemed.municipalityId,
  };
  return startSession(c, deps, row, 'activation', ip);
}

/**
 * Used by: POST /api/citizen/session. Exchanges the device-bound credential cookie (plus the PIN or TOTP the
 * citizen's level requires) for a new session. A revoked credential, or one of a disabled citizen, gets 401
 * and its cookie is cleared.
 */
export async function exchangeAction(
  c: Context,
  deps: Deps,
  throttles: CitizenThrottles,
  body: { pin?: string | undefined; totp?: string | undefined },
  ip: string | null,
): Promise<LoginResult> {
  // The try is taken before the credential is looked up. Only an unknown or revoked credential is a failure:
  // no credential at all, or a valid one, gives the try back (a wrong PIN or code counts per credential below).
  const attempt = await takeAttempt(throttles.login, ip ?? 'unknown');
  const token = readCredentialCookie(c, deps.config.COOKIE_SECURE);
  if (!token) {
    await attempt.giveBack();
    throw AppError.unauthenticated(NOT_BOUND);
  }
  const credential = await findCredential(deps.db.db, token);
  if (!credential) {
    await appendAudit(deps.db.db, {
      actorKind: 'system',
      action: 'citizen.login_failed',
      ip,
      details: { reason: 'unknown_or_revoked_credential' },
    });
    clearCredentialCookie(c, deps.config.COOKIE_SECURE);
    throw AppError.unauthenticated(NOT_BOUND);
  }
  await attempt.giveBack();
  const security = await getSecurity(deps.db.db, credential.citizenId);
  // The try was taken before the check (takeAttempt): a failure is counted already.
  const failed = async (reason: string, detail: string) => {
    await appendAudit(deps.db.db, {
      municipalityId: credential.municipalityId,
      actorKind: 'citizen',
      actorId: credential.citizenId,
      action: 'citizen.login_failed',
      targetKind: 'citizen',
      targetId: credential.citizenId,
      ip,
      details: { reason, credentialId: credential.id },
    });
    return AppError.unauthenticated(detail);
  };
  if (security.level === 'device_bound_pin') {
    if (!body.pin) return { sessionStarted: false, needs: 'pin' };
    await takeAttempt(throttles.factor, credential.id);
    if (!security.pinHash || !(await pinMatches(security.pinHash, body.pin))) {
      throw await failed('pin', 'The PIN is not right. Try again.');
    }
  } else if (security.level === 'two_factor') {
    if (!body.totp) return { sessionStarted: false, needs: 'totp' };
    await takeAttempt(throttles.factor, credential.id);
    const step = security.totpSecretSealed
      ? await checkTotp(
          openCitizenTotpSecret(
            loadSecretsKey(deps.config).key,
            credential.citizenId,
            security.totpSecretSealed,
          ),
          body.totp,
          deps.clock.now(),
        )
      : null;
    // A code is accepted once only (RFC 6238 §5.2): the step must be newer than the last one used.
    if (step === null || !(await claimTotpStep(deps.db.db, credential.citizenId, step))) {
      throw await failed('totp', 'The code from your app is not right. Try again.');
    }
  }
  await throttles.factor.delete(credential.id);
  // Renew the cookie's lifetime with each login.
  writeCredentialCookie(c, token, deps.config.COOKIE_SECURE);
  return startSession(c, deps, credential, 'device_credential', ip);
}

async function startSession(
  c: Context,
  deps: Deps,
  credential: Pick<CredentialRow, 'id' | 'citizenId' | 'municipalityId'>,
  method: 'activation' | 'device_credential',
  ip: string | null,
): Promise<LoginResult> {
  const now = new Date(deps.clock.now());
  const { sessionId, csrfToken } = await issueSession(c, deps, {
    subjectKind: 'citizen',
    subjectId: credential.citizenId,
    municipalityId: credential.municipalityId,
    stage: 'full',
    method,
    ip,
  });
  await linkSession(deps.db.db, credential.id, sessionId);
  await touchCredential(deps.db.db, credential.id, now);
  await deps.db.db
    .update(citizensTable)
    .set({ lastLoginAt: now })
    .where(eq(citizensTable.id, credential.citizenId));
  await appendAudit(deps.db.db, {
    municipalityId: credential.municipalityId,
    actorKind: 'citizen',
    actorId: credential.citizenId,
    action: 'citizen.login',
    targetKind: 'citizen',
    targetId: credential.citizenId,
    ip,
    details: { method, credentialId: credential.id, sessionId },
  });
  return { sessionStarted: true, csrfToken };
}

/**
 * Used by: GET /api/citizen/me. The first screen: a name to greet with, the login level, and the id of the
 * night-watch pool the citizen may call (an id only, so still no sensitive data), nothing else.
 */
export async function meAction(deps: Deps, principal: Principal) {
  const [citizen] = await deps.db.db
    .select({ displayName: citizensTable.displayName })
    .from(citizensTable)
    .where(
      and(eq(citizensTable.id, principal.id), eq(citizensTable.municipalityId, principal.municipalityId)),
    );
  if (!citizen) throw AppError.notFound('Citizen');
  const security = await getSecurity(deps.db.db, principal.id);
  const at = new Date(deps.clock.now());
  const graph = await loadRelationGraph(deps.db.db, principal.municipalityId, at);
  return {
    displayName: citizen.displayName,
    securityLevel: security.level,
    nightWatchPoolId: nightWatchPoolFor(graph, principal.id, at),
    callStaff: callableStaffFor(graph, principal.id, at),
  };
}
