import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { appendAudit, type IdentityProviderRow, municipalitiesTable } from '../../db/index.js';
import { AppError } from '../../kernel/errors.js';
import type { Principal } from '../../kernel/principal.js';
import { seal } from '../../kernel/secrets/secret-box.js';
import { findIdentityProvider, upsertIdentityProvider } from './idp-repo.js';
import { clientSecretContext } from './oidc.js';
import type { SsoDeps } from './start-login.js';

const ClaimValues = z.array(z.string().min(1).max(200)).max(20);

export const IdentityProviderInput = z
  .object({
    enabled: z.boolean().default(true),
    issuer: z.url({ protocol: /^https?$/ }).max(500),
    clientId: z.string().min(1).max(500),
    /** Omit to keep the stored secret; required the first time. */
    clientSecret: z.string().min(1).max(2000).optional(),
    usernameClaim: z.enum(['preferred_username', 'upn', 'email', 'sub']),
    trustIdpMfa: z.boolean().default(false),
    mfaAmrValues: ClaimValues.default(['mfa']),
    mfaAcrValues: ClaimValues.default([]),
  })
  .strict()
  .openapi('IdentityProviderInput');

export const IdentityProviderView = z
  .object({
    municipalityId: z.uuid(),
    enabled: z.boolean(),
    issuer: z.string(),
    clientId: z.string(),
    hasClientSecret: z.boolean(),
    usernameClaim: z.string(),
    trustIdpMfa: z.boolean(),
    mfaAmrValues: z.array(z.string()),
    mfaAcrValues: z.array(z.string()),
    updatedAt: z.iso.datetime(),
  })
  .openapi('IdentityProvider');

/** The secret never leaves the server again once stored. */
function view(row: IdentityProviderRow): z.infer<typeof IdentityProviderView> {
  return {
    municipalityId: row.municipalityId,
    enabled: row.enabled,
    issuer: row.issuer,
    clientId: row.clientId,
    hasClientSecret: row.clientSecret.length > 0,
    usernameClaim: row.usernameClaim,
    trustIdpMfa: row.trustIdpMfa,
    mfaAmrValues: row.mfaAmrValues,
    mfaAcrValues: row.mfaAcrValues,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Support manages its own municipality; system admins any. */
function assertMayManage(principal: Principal, municipalityId: string): void {
  if (principal.role === 'system_admin') return;
  if (principal.role === 'support' && principal.municipalityId === municipalityId) return;
  throw AppError.forbidden();
}

/** Route GET /api/auth/sso/{municipalityId}/config. */
export async function getIdpConfig(deps: SsoDeps, principal: Principal, municipalityId: string) {
  assertMayManage(principal, municipalityId);
  const row = await findIdentityProvider(deps.db.db, municipalityId);
  if (!row) throw AppError.notFound('Single sign-on for this municipality');
  return view(row);
}

/** Route PUT /api/auth/sso/{municipalityId}/config. */
export async function putIdpConfig(
  deps: SsoDeps,
  principal: Principal,
  municipalityId: string,
  input: z.infer<typeof IdentityProviderInput>,
  ip: string | null,
) {
  assertMayManage(principal, municipalityId);
  const db = deps.db.db;
  // OIDC Core §16.17: TLS for every IdP request. http:// only in tests, by code, never by configuration.
  if (new URL(input.issuer).protocol !== 'https:' && !deps.oidc.allowHttpIssuer)
    throw AppError.invalidInput('The issuer must be an https:// address.', [
      { path: 'issuer', message: 'must use https' },
    ]);
  const [municipality] = await db
    .select({ id: municipalitiesTable.id })
    .from(municipalitiesTable)
    .where(eq(municipalitiesTable.id, municipalityId));
  if (!municipality) throw AppError.notFound('The municipality');
  const existing = await findIdentityProvider(db, municipalityId);
  const clientSecret =
    input.clientSecret === undefined
      ? existing?.clientSecret
      : seal(deps.secretsKey, input.clientSecret, clientSecretContext(municipalityId));
  if (!clientSecret)
    throw AppError.invalidInput('A client secret is needed to set up single sign-on.', [
      { path: 'clientSecret', message: 'required' },
    ]);
  const row = await upsertIdentityProvider(
    db,
    municipalityId,
    { ...input, clientSecret },
    new Date(deps.clock.now()),
  );
  await appendAudit(db, {
    municipalityId,
    actorKind: principal.kind,
    actorId: principal.id,
    action: 'auth.sso.config_changed',
    targetKind: 'identity_provider',
    targetId: row.id,
    ip,
    // Never the secret; only whether it changed.
    details: {
      enabled: row.enabled,
      trustIdpMfa: row.trustIdpMfa,
      usernameClaim: row.usernameClaim,
      secretChanged: input.clientSecret !== undefined,
    },
  });
  return view(row);
}
