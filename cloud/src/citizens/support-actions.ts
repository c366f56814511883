import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { revokeAllSessions } from '../auth/session-store.js';
import { appendAudit, municipalitiesTable, parseMunicipalitySettings } from '../db/index.js';
import { createActivationDelivery, type DeliveryReceipt, isDeliveryError } from '../delivery/index.js';
import { AppError } from '../kernel/errors.js';
import type { Principal } from '../kernel/principal.js';
import { loadSecretsKey } from '../kernel/secrets/secrets-key.js';
import { createCode, markFailed, markSent } from './activation-codes.js';
import {
  type CitizenRow,
  findCitizen,
  getSecurity,
  insertCitizen,
  putSecurity,
  updateCitizen,
} from './citizen-repo.js';
import { listCredentials, revokeCredential } from './credentials.js';
import type { CitizensDeps } from './deps.js';
import { hashPin, newTotpSecret, totpUri } from './factors.js';
import type { CreateCitizenBody, EditCitizenBody, IssueCodeBody, SecurityLevelBody } from './schemas.js';
import { sealCitizenTotpSecret } from './totp-secret.js';

type Deps = Pick<CitizensDeps, 'db' | 'clock' | 'log' | 'config' | 'activationDelivery' | 'sessionSockets'>;

const view = (c: CitizenRow) => ({
  id: c.id,
  displayName: c.displayName,
  initials: c.initials,
  photoRef: c.photoRef,
});

async function citizenOf(deps: Deps, principal: Principal, id: string): Promise<CitizenRow> {
  const citizen = await findCitizen(deps.db.db, principal.municipalityId, id);
  if (!citizen) throw AppError.notFound('Citizen');
  return citizen;
}

const audit =
  (deps: Deps, principal: Principal, ip: string | null) =>
  (action: string, targetId: string, details: Record<string, unknown> = {}) =>
    appendAudit(deps.db.db, {
      municipalityId: principal.municipalityId,
      actorKind: 'staff',
      actorId: principal.id,
      action,
      targetKind: 'citizen',
      targetId,
      ip,
      details,
    });

/** Used by: POST /api/citizens. */
export async function createCitizenAction(
  deps: Deps,
  principal: Principal,
  body: z.output<typeof CreateCitizenBody>,
  ip: string | null,
) {
  const citizen = await insertCitizen(deps.db.db, { municipalityId: principal.municipalityId, ...body });
  await audit(deps, principal, ip)('citizen.created', citizen.id);
  return view(citizen);
}

/** Used by: PATCH /api/citizens/:id. The audit names the changed fields, never their values. */
export async function editCitizenAction(
  deps: Deps,
  principal: Principal,
  id: string,
  body: z.output<typeof EditCitizenBody>,
  ip: string | null,
) {
  const row = await updateCitizen(deps.db.db, principal.municipalityId, id, body);
  if (!row) throw AppError.notFound('Citizen');
  await audit(deps, principal, ip)('citizen.edited', row.id, { fields: Object.keys(body).sort() });
  return view(row);
}

/** Used by: GET /api/citizens/:id. */
export async function getCitizenAction(deps: Deps, principal: Principal, id: string) {
  return view(await citizenOf(deps, principal, id));
}

/**
 * Used by: POST /api/citizens/:id/activation-codes. Creates the code, sends it, and only then makes it
 * redeemable. The plain code and the recipient (phone, Digital Post reference) live only in this call: neither
 * is stored, logged or audited (minimum data; the audit records the channel).
 */
export async function issueActivationCodeAction(
  deps: Deps,
  principal: Principal,
  citizenId: string,
  body: z.output<typeof IssueCodeBody>,
  ip: string | null,
) {
  const citizen = await citizenOf(deps, principal, citizenId);
  const [municipality] = await deps.db.db
    .select({ settings: municipalitiesTable.settings })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, citizen.municipalityId));
  const settings = parseMunicipalitySettings(municipality?.settings);
  const ttlHours = settings.activationCodeTtlHours[body.channel];
  const now = new Date(deps.clock.now());
  const issued = await createCode(deps.db.db, {
    citizenId: citizen.id,
    municipalityId: citizen.municipalityId,
    channel: body.channel,
    issuedBy: principal.id,
    now,
    ttlMs: ttlHours * 3_600_000,
  });
  const delivery = deps.activationDelivery ?? createActivationDelivery(deps.config, deps.db.db, deps.clock);
  const record = audit(deps, principal, ip);
  let receipt: DeliveryReceipt;
  try {
    receipt = await delivery.send({
      ...body,
      citizenId: citizen.id,
      municipalityId: citizen.municipalityId,
      code: issued.code,
      expiresAt: issued.expiresAt,
      helpPhone: settings.citizenHelpPhone,
    });
  } catch (error) {
    await markFailed(deps.db.db, issued.id, now);
    const reason = isDeliveryError(error) ? error.reason : 'error';
    deps.log.warn(
      { codeId: issued.id, channel: body.channel, reason, err: isDeliveryError(error) ? undefined : error },
      'activation code not delivered',
    );
    await record('citizen.activation_code_failed', citizen.id, {
      codeId: issued.id,
      channel: body.channel,
      reason,
    });
    throw AppError.unavailable(
      'The code could not be sent. Nothing was sent to the citizen; try again or choose another way.',
      error,
    );
  }
  await markSent(deps.db.db, issued.id, citizen.id, now);
  await record('citizen.activation_code_issued', citizen.id, {
    codeId: issued.id,
    channel: body.channel,
    via: receipt.via,
    providerRef: receipt.providerRef,
  });
  return {
    codeId: issued.id,
    channel: body.channel,
    expiresAt: issued.expiresAt.toISOString(),
    via: receipt.via,
    ...(receipt.document ? { letterPdfBase64: Buffer.from(receipt.document).toString('base64') } : {}),
  };
}

/**
 * Used by: PUT /api/citizens/:id/security. Every live session of the citizen ends, so the new level applies
 * from the next request (a PIN added after a theft must lock the thief out now, not at the next login).
 */
export async function setSecurityLevelAction(
  deps: Deps,
  principal: Principal,
  citizenId: string,
  body: z.output<typeof SecurityLevelBody>,
  ip: string | null,
) {
  const citizen = await citizenOf(deps, principal, citizenId);
  const before = await getSecurity(deps.db.db, citizen.id);
  const now = new Date(deps.clock.now());
  const pinHash = body.level === 'device_bound_pin' ? await hashPin(body.pin) : null;
  const totpSecret = body.level === 'two_factor' ? newTotpSecret() : null;
  const totpSecretSealed = totpSecret
    ? sealCitizenTotpSecret(loadSecretsKey(deps.config).key, citizen.id, totpSecret)
    : null;
  await putSecurity(deps.db.db, citizen.id, { level: body.level, pinHash, totpSecretSealed }, now);
  const ended = await revokeAllSessions(
    deps.db.db,
    { kind: 'citizen', id: citizen.id },
    'security_level_changed',
    now,
  );
  await audit(deps, principal, ip)('citizen.security_level_changed', citizen.id, {
    from: before.level,
    to: body.level,
    sessionsEnded: ended.length,
  });
  return {
    level: body.level,
    ...(totpSecret
      ? { totp: { secret: totpSecret, otpauthUri: totpUri(totpSecret, citizen.id.slice(0, 8)) } }
      : {}),
  };
}

/** Used by: GET /api/citizens/:id/credentials. */
export async function listCredentialsAction(deps: Deps, principal: Principal, citizenId: string) {
  const citizen = await citizenOf(deps, principal, citizenId);
  const rows = await listCredentials(deps.db.db, citizen.id);
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
  }));
}

/**
 * Used by: DELETE /api/citizens/:id/credentials/:credentialId. The browser's sessions end and their signalling
 * sockets close at once; its next request is refused and its cookie starts no new session.
 */
export async function revokeCredentialAction(
  deps: Deps,
  principal: Principal,
  citizenId: string,
  credentialId: string,
  ip: string | null,
) {
  const citizen = await citizenOf(deps, principal, citizenId);
  const result = await revokeCredential(deps.db.db, citizen.id, credentialId, new Date(deps.clock.now()));
  if (!result) throw AppError.notFound('Credential');
  // Support has just told the citizen that phone is logged out and can no longer ring or be rung: its open
  // page's socket goes now (the page then asks for a code), not at the socket check up to 30 s later.
  deps.sessionSockets?.closeSessions(result.sessionIds);
  await audit(deps, principal, ip)('citizen.credential_revoked', citizen.id, {
    credentialId,
    sessionsEnded: result.sessionsEnded,
  });
}
