const DAY_MS = 86_400_000;

/**
 * Has the password outlived the municipality's `passwordMaxAgeDays`? (null = expiry off.)
 *
 * DELIBERATE DEVIATION: NIST SP 800-63B-4 §3.1.1.2 says verifiers SHALL NOT require periodic password changes,
 * and OWASP ASVS 5.0 requirement 6.2.10 likewise asks for no periodic rotation. The customer requires a maximum
 * age (default 90 days), so it is enforced here, per municipality. A municipality switches it off by setting
 * `passwordMaxAgeDays: null` in its settings; docs/security.md records the deviation.
 */
export function isPasswordExpired(changedAt: Date, maxAgeDays: number | null, now: Date): boolean {
  if (maxAgeDays === null) return false;
  return now.getTime() - changedAt.getTime() >= maxAgeDays * DAY_MS;
}

/**
 * Why the login must replace the password before the second factor, if it must. `temporary`: the password has
 * no change date, so it was set outside the normal flow (the operator's one-time password from `npm run
 * bootstrap`); it is replaced at first login whatever the maximum age, also where a municipality switched expiry
 * off. `expired`: it outlived the maximum age. The login screen words each differently (a brand-new one-time
 * password is not "too old").
 */
export type PasswordChangeReason = 'temporary' | 'expired';

export function passwordChangeReason(
  changedAt: Date | null,
  maxAgeDays: number | null,
  now: Date,
): PasswordChangeReason | null {
  if (!changedAt) return 'temporary';
  return isPasswordExpired(changedAt, maxAgeDays, now) ? 'expired' : null;
}
