import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import { appendAudit, citizensTable, staffTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { AppEnv } from '../../kernel/http/env.js';
import type { AuthDeps } from '../deps.js';
import { CEREMONY_TIMEOUT_MS, consumeChallenge, storeChallenge } from './challenges.js';
import { advanceCounter, findPasskeyByCredentialId, isOwner, listPasskeys } from './passkey-repo.js';
import type { RelyingParty } from './relying-party.js';

type Deps = Pick<AuthDeps, 'db' | 'clock'>;
export type PendingSecondFactor = NonNullable<AppEnv['Variables']['pendingSession']> & {
  municipalityId: string;
};

/** Why a passkey did not complete a login: recorded in the audit log, never told to the client. */
export type PasskeyFailure =
  | 'no_challenge'
  | 'unknown_credential'
  | 'other_subject'
  | 'signature_invalid'
  | 'counter_not_increased';

/** Used by POST /api/auth/second-factor/passkey/options. */
export async function startPasskeySecondFactor(
  deps: Deps,
  rp: RelyingParty,
  pending: PendingSecondFactor,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const subject = { kind: pending.kind, id: pending.subjectId, municipalityId: pending.municipalityId };
  const passkeys = await listPasskeys(deps.db.db, subject);
  if (passkeys.length === 0) throw AppError.conflict('No passkey is registered. Use another second factor.');
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    // Only this person's credentials: a second factor, not a username-less login.
    allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports })),
    userVerification: 'required',
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await storeChallenge(deps.db.db, {
    sessionId: pending.id,
    purpose: 'authentication',
    challenge: options.challenge,
    now: new Date(deps.clock.now()),
  });
  return options;
}

/**
 * Used by POST /api/auth/second-factor/passkey/verify. Returns the passkey's id once the assertion is proven
 * (WebAuthn §7.2): right challenge (single use), this person's credential, our origin and RP id, user
 * verified, valid signature, and a signature counter that grew. The caller then swaps the session.
 */
export async function verifyPasskeySecondFactor(
  deps: Deps,
  rp: RelyingParty,
  pending: PendingSecondFactor,
  input: { response: AuthenticationResponseJSON; ip: string | null },
): Promise<string> {
  const now = new Date(deps.clock.now());
  const fail = async (reason: PasskeyFailure, passkeyId?: string): Promise<never> => {
    await appendAudit(deps.db.db, {
      municipalityId: pending.municipalityId,
      at: now,
      actorKind: pending.kind,
      actorId: pending.subjectId,
      action: 'auth.second_factor.failed',
      targetKind: pending.kind,
      targetId: pending.subjectId,
      ip: input.ip,
      details: { method: 'passkey', reason, ...(passkeyId ? { passkeyId } : {}) },
    });
    throw AppError.unauthenticated('The passkey could not be verified. Try again.');
  };

  const challenge = await consumeChallenge(deps.db.db, {
    sessionId: pending.id,
    purpose: 'authentication',
    now,
  });
  if (!challenge) return fail('no_challenge');
  const passkey = await findPasskeyByCredentialId(deps.db.db, input.response.id);
  if (!passkey) return fail('unknown_credential');
  if (!isOwner(passkey, { kind: pending.kind, id: pending.subjectId }))
    return fail('other_subject', passkey.id);

  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports as never,
      },
    });
  } catch (error) {
    // The library refuses a non-increasing counter by throwing (WebAuthn §6.1.1, §7.2 step 21).
    const counter = error instanceof Error && /counter/i.test(error.message);
    return fail(counter ? 'counter_not_increased' : 'signature_invalid', passkey.id);
  }
  if (!verified.verified) return fail('signature_invalid', passkey.id);
  const advanced = await advanceCounter(deps.db.db, {
    id: passkey.id,
    expected: passkey.counter,
    next: verified.authenticationInfo.newCounter,
    backedUp: verified.authenticationInfo.credentialBackedUp,
    now,
  });
  if (!advanced) return fail('counter_not_increased', passkey.id);
  await markLogin(deps, pending, now);
  return passkey.id;
}

/** The login is complete: "no login for N days" counts from here. */
async function markLogin(deps: Deps, pending: PendingSecondFactor, now: Date): Promise<void> {
  if (pending.kind === 'staff') {
    await deps.db.db.update(staffTable).set({ lastLoginAt: now }).where(eq(staffTable.id, pending.subjectId));
  } else {
    await deps.db.db
      .update(citizensTable)
      .set({ lastLoginAt: now })
      .where(eq(citizensTable.id, pending.subjectId));
  }
}
