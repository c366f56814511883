const DAY_MS = 86_400_000;

/**
 * Has the password outlived the municipality's `passwordMaxAgeDays`? (null = expiry off; no change date =
 * treated as expired, so a password set outside the normal flow is replaced at first login.)
 *
 * DELIBERATE DEVIATION: NIST SP 800-63B-4 §3.1.1.2 says verifiers SHALL NOT require periodic password changes,
 * and OWASP ASVS 5.0 requirement 6.2.10 likewise asks for no periodic rotation. The customer requires a maximum
 * age (default 90 days), so it is enforced here, per municipality. A municipality switches it off by setting
 * `passwordMaxAgeDays: null` in its settings; docs/security.md records the deviation.
 */
export function isPasswordExpired(changedAt: Date | null, maxAgeDays: number | null, now: Date): boolean {
  if (maxAgeDays === null) return false;
  if (!changedAt) return true;
  return now.getTime() - changedAt.getTime() >= maxAgeDays * DAY_MS;
}
