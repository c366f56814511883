/**
 * A Danish mobile number as people write it ("20 30 40 50", "+45 2030 4050", "20304050") in the SMS gateway's
 * format, +45 and 8 digits (delivery/gatewayapi-sms.ts `msisdn`); null when it is not one. One rule for every
 * field that takes a mobile (a pool's alert mobile, a citizen's activation code by SMS), so support can type a
 * number the same way in each.
 */
export function danishMobile(typed: string): string | null {
  const compact = typed.replace(/\s+/g, '');
  const number = /^[0-9]{8}$/.test(compact) ? `+45${compact}` : compact;
  return /^\+45[0-9]{8}$/.test(number) ? number : null;
}
