import { and, eq, isNotNull, notLike } from 'drizzle-orm';
import { citizenSecurityTable, type Db } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import { open, seal } from '../kernel/secrets/secret-box.js';

/**
 * Citizens' TOTP secrets at rest: sealed like staff ones (AES-256-GCM with SECRETS_KEY, auth/totp/store.ts), with
 * the citizen id as authenticated data, so a sealed value copied onto another citizen's row does not open.
 */
const context = (citizenId: string) => `citizen-totp:${citizenId}`;

export const sealCitizenTotpSecret = (key: Buffer, citizenId: string, secret: string) =>
  seal(key, secret, context(citizenId));

export const openCitizenTotpSecret = (key: Buffer, citizenId: string, sealed: string) =>
  open(key, sealed, context(citizenId));

/** Sealed values look like `v1.<iv>.<body>.<tag>`; a base32 secret never contains a dot. */
const SEALED_PREFIX = 'v1.';

/**
 * The data migration for secrets written before sealing (issue 14 item 5): every plain base32 secret is sealed
 * in place. It needs SECRETS_KEY, which SQL migrations do not have, so it runs at start-up right after the schema
 * migrations (node/start-cloud.ts); it is idempotent, and each row is swapped only if it still holds the plain
 * value read (a compare-and-set), so two nodes starting at once cannot seal a row twice. Returns how many.
 */
export async function sealPlaintextCitizenTotpSecrets(db: Db, key: Buffer, log: Logger): Promise<number> {
  const rows = await db
    .select({ citizenId: citizenSecurityTable.citizenId, secret: citizenSecurityTable.totpSecretSealed })
    .from(citizenSecurityTable)
    .where(
      and(
        isNotNull(citizenSecurityTable.totpSecretSealed),
        notLike(citizenSecurityTable.totpSecretSealed, `${SEALED_PREFIX}%`),
      ),
    );
  let sealed = 0;
  for (const row of rows) {
    const plain = row.secret!;
    const updated = await db
      .update(citizenSecurityTable)
      .set({ totpSecretSealed: sealCitizenTotpSecret(key, row.citizenId, plain) })
      .where(
        and(
          eq(citizenSecurityTable.citizenId, row.citizenId),
          eq(citizenSecurityTable.totpSecretSealed, plain),
        ),
      )
      .returning({ citizenId: citizenSecurityTable.citizenId });
    sealed += updated.length;
  }
  if (sealed > 0) log.info({ sealed }, 'sealed citizen TOTP secrets stored in plain text');
  return sealed;
}
