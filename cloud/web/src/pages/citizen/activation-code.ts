/**
 * The citizen's activation code, XXXX-XXXX-XXXX (the same shape as protocol's EnrolmentCode; the browser bundle
 * does not import protocol to stay small). People type it from a letter or a phone call: we accept lower case,
 * spaces and missing or extra dashes, and show it grouped as they type.
 */
export const CODE_GROUPS = 3;
export const GROUP_LENGTH = 4;
const CODE_LENGTH = CODE_GROUPS * GROUP_LENGTH;
const COMPLETE = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/;

/** Keeps letters and digits only, upper-cased, at most 12, grouped by four with dashes. */
export function formatActivationCode(input: string): string {
  const chars = input
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '')
    .slice(0, CODE_LENGTH);
  const groups: string[] = [];
  for (let i = 0; i < chars.length; i += GROUP_LENGTH) groups.push(chars.slice(i, i + GROUP_LENGTH));
  return groups.join('-');
}

export function isCompleteActivationCode(code: string): boolean {
  return COMPLETE.test(code);
}
