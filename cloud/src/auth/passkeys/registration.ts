import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { eq } from 'drizzle-orm';
import { appendAudit, citizensTable, type PasskeyRow, staffTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import type { AuthDeps } from '../deps.js';
import { CEREMONY_TIMEOUT_MS, consumeChallenge, storeChallenge } from './challenges.js';
import {
  countPasskeys,
  insertPasskey,
  listPasskeys,
  MAX_PASSKEYS_PER_SUBJECT,
  type PasskeySubject,
} from './passkey-repo.js';
import type { RelyingParty } from './relying-party.js';

type Deps = Pick<AuthDeps, 'db' | 'clock'>;

/** The user handle (WebAuthn §14.6.1): opaque, no personal data, so our subject uuid's 16 bytes. */
function userHandle(subjectId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(subjectId.replaceAll('-', ''), 'hex'));
}

async function accountName(deps: Deps, subject: PasskeySubject): Promise<string> {
  if (subject.kind === 'staff') {
    const [row] = await deps.db.db
      .select({ name: staffTable.username })
      .from(staffTable)
      .where(eq(staffTable.id, subject.id));
    return row?.name ?? 'ScreenVisit';
  }
  const [row] = await deps.db.db
    .select({ name: citizensTable.displayName })
    .from(citizensTable)
    .where(eq(citizensTable.id, subject.id));
  return row?.name ?? 'ScreenVisit';
}

/** Used by POST /api/auth/passkeys/registration/options. */
export async function startRegistration(
  deps: Deps,
  rp: RelyingParty,
  principal: Principal,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const subject: PasskeySubject = principal;
  const existing = await listPasskeys(deps.db.db, subject);
  if (existing.length >= MAX_PASSKEYS_PER_SUBJECT) {
    throw AppError.conflict(`You already have ${MAX_PASSKEYS_PER_SUBJECT} passkeys. Remove one first.`);
  }
  const name = await accountName(deps, subject);
  const options = await generateRegistrationOptions({
    rpName: rp.name,
    rpID: rp.id,
    userName: name,
    userDisplayName: name,
    userID: userHandle(subject.id),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: 'none',
    // The same authenticator twice adds nothing (WebAuthn §5.4 excludeCredentials).
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    // UV required: the passkey alone proves possession AND the person (PIN or biometric on the device).
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
  });
  await storeChallenge(deps.db.db, {
    sessionId: principal.sessionId,
    purpose: 'registration',
    challenge: options.challenge,
    now: new Date(deps.clock.now()),
  });
  return options;
}

/** Used by POST /api/auth/passkeys/registration/verify. */
export async function finishRegistration(
  deps: Deps,
  rp: RelyingParty,
  principal: Principal,
  input: { name: string; response: RegistrationResponseJSON; ip: string | null },
): Promise<PasskeyRow> {
  const now = new Date(deps.clock.now());
  const challenge = await consumeChallenge(deps.db.db, {
    sessionId: principal.sessionId,
    purpose: 'registration',
    now,
  });
  if (!challenge) throw AppError.conflict('The passkey request expired or was already used. Start again.');
  let info: Awaited<ReturnType<typeof verifyRegistrationResponse>>['registrationInfo'];
  try {
    const result = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
    info = result.verified ? result.registrationInfo : undefined;
  } catch {
    // The library's messages describe the submitted data; the client learns only that it was refused.
    info = undefined;
  }
  if (!info) throw AppError.invalidInput('The passkey could not be verified. Try again.');
  if ((await countPasskeys(deps.db.db, principal)) >= MAX_PASSKEYS_PER_SUBJECT) {
    throw AppError.conflict(`You already have ${MAX_PASSKEYS_PER_SUBJECT} passkeys. Remove one first.`);
  }
  const row = await insertPasskey(deps.db.db, principal, {
    credentialId: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    name: input.name,
    backedUp: info.credentialBackedUp,
    now,
  });
  if (!row) throw AppError.conflict('This passkey is already registered.');
  await appendAudit(deps.db.db, {
    municipalityId: principal.municipalityId,
    at: now,
    actorKind: principal.kind,
    actorId: principal.id,
    action: 'auth.passkey.added',
    targetKind: principal.kind,
    targetId: principal.id,
    ip: input.ip,
    details: { passkeyId: row.id },
  });
  return row;
}
