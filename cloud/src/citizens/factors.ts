import { hash, verify as verifyHash } from '@node-rs/argon2';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';

/**
 * The citizen's extra factors. Kept here on purpose (small, on otplib directly) rather than sharing the staff
 * TOTP code in cloud/src/auth/totp/, which is being written in parallel; the two may merge later.
 */
export const TOTP_PERIOD_SECONDS = 30;

/** argon2id with the library's defaults (OWASP Password Storage: argon2id, m ≥ 19 MiB). */
export function hashPin(pin: string): Promise<string> {
  return hash(pin);
}

export async function pinMatches(pinHash: string, pin: string): Promise<boolean> {
  return verifyHash(pinHash, pin).catch(() => false);
}

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, label: string): string {
  return generateURI({ issuer: 'Skærmbesøg', label, secret });
}

/**
 * RFC 6238 check at the injected time, one step of drift either way (§5.2). Returns the accepted time step
 * so the caller can refuse its replay; null when the code is wrong.
 */
export async function checkTotp(secret: string, token: string, nowMs: number): Promise<number | null> {
  const epoch = Math.floor(nowMs / 1000);
  const result = await verifyTotp({
    secret,
    token,
    epoch,
    epochTolerance: TOTP_PERIOD_SECONDS,
  }).catch(() => null);
  if (!result?.valid) return null;
  return 'timeStep' in result && typeof result.timeStep === 'number'
    ? result.timeStep
    : Math.floor(epoch / TOTP_PERIOD_SECONDS) + result.delta;
}
