import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/** RFC 6238 defaults that every authenticator app understands: SHA-1, 6 digits, 30 s steps. */
export const TOTP_PERIOD_S = 30;
export const TOTP_ISSUER = 'ScreenVisit';

export function newTotpSecret(): string {
  return generateSecret({ length: 20 }); // 160 bits: RFC 4226 §4 R6 recommends at least 128, ideally 160
}

export async function enrolmentArtefacts(secret: string, label: string) {
  const otpauthUri = generateURI({ issuer: TOTP_ISSUER, label, secret, period: TOTP_PERIOD_S });
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUri, {
    errorCorrectionLevel: 'M',
    margin: 2,
    width: 240,
  });
  return { otpauthUri, qrCodeDataUrl };
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replay' };

/**
 * Verifies a code at `nowMs`, accepting one step either side for clock drift (RFC 6238 §5.2 allows a small
 * window). A code whose step is not after `lastUsedStep` was already used (or is older than one that was):
 * RFC 6238 §5.2 says the verifier MUST NOT accept the second attempt of the same OTP.
 */
export async function checkTotp(
  secret: string,
  code: string,
  nowMs: number,
  lastUsedStep: number | null,
): Promise<TotpCheck> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'invalid' };
  const epoch = Math.floor(nowMs / 1000);
  const result = await verify({ secret, token, epoch, period: TOTP_PERIOD_S, epochTolerance: TOTP_PERIOD_S });
  if (!result.valid) return { ok: false, reason: 'invalid' };
  // The matched RFC 6238 time step T = floor(epoch / X) + drift (otplib's functional result type omits it).
  const step = Math.floor(epoch / TOTP_PERIOD_S) + result.delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return { ok: false, reason: 'replay' };
  return { ok: true, step };
}
