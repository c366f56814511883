/**
 * A stored Danish mobile (+45 and 8 digits, as the SMS gateway wants it) in pairs, as people write it and as the
 * fields' hint asks for it ("20 30 40 50"); anything else as it is. Read back into a field after loading or saving.
 */
export function mobileAsWritten(stored: string | null): string | null {
  const digits = stored && /^\+45(\d{8})$/.exec(stored)?.[1];
  return digits ? (digits.match(/\d\d/g) ?? []).join(' ') : stored;
}

/** What the cloud takes as a Danish mobile (kernel/danish-mobile.ts): 8 digits, with or without +45 and spaces. */
export function isDanishMobile(typed: string): boolean {
  return /^(\+45)?\d{8}$/.test(typed.replace(/\s+/g, ''));
}
