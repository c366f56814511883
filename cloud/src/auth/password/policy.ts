import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { loadDanishWords } from './danish-words.js';

/**
 * Length in Unicode code points after NFC normalisation (NIST SP 800-63B-4 §3.1.1.2: at least 8, we require the
 * customer's 12; allow at least 64, we allow 128 so passphrases fit while argon2 input stays bounded).
 */
export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
/** zxcvbn score 0..4; 3 = "safely unguessable: moderate protection from offline slow-hash scenario". */
export const MIN_ZXCVBN_SCORE = 3;
const MIN_PERSONAL_TOKEN = 4;

export type PolicyReason = 'too_short' | 'too_long' | 'too_weak' | 'common_danish' | 'personal';

export const POLICY_MESSAGES: Record<PolicyReason, string> = {
  too_short: `Use at least ${MIN_PASSWORD_LENGTH} characters.`,
  too_long: `Use at most ${MAX_PASSWORD_LENGTH} characters.`,
  too_weak: 'This password is too easy to guess. Try a few unrelated words.',
  common_danish: 'This is a common Danish word or password. Choose something less obvious.',
  personal: 'Do not use your username or name in the password.',
};

/** Who the password is for: their own words are the first an attacker tries (NIST SP 800-63B-4 §3.1.1.2). */
export interface PasswordContext {
  username: string;
  displayName?: string | null;
  extraWords?: readonly string[];
}

export type PolicyVerdict = { ok: true } | { ok: false; reasons: PolicyReason[] };

export interface PasswordPolicy {
  check(password: string, context: PasswordContext): PolicyVerdict;
}

const fold = (s: string) => s.normalize('NFC').toLowerCase();
const lettersOnly = (s: string) => fold(s).replace(/[^\p{L}]/gu, '');

/**
 * The offline policy (no breach API is called: the municipal network may not reach one, and passwords must not
 * leave the server). Dictionaries: zxcvbn-ts common + English lists plus our Danish list (danish-words.txt).
 * Built once per app: the zxcvbn dictionaries take ~150 ms to index.
 */
export function createPasswordPolicy(danishWords: readonly string[] = loadDanishWords()): PasswordPolicy {
  const danish = new Set(danishWords.map(lettersOnly).filter(Boolean));
  const zxcvbn = new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary, danish: [...danishWords] },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });

  return {
    check(password, context) {
      const normalized = password.normalize('NFC');
      const length = [...normalized].length;
      if (length < MIN_PASSWORD_LENGTH) return { ok: false, reasons: ['too_short'] };
      if (length > MAX_PASSWORD_LENGTH) return { ok: false, reasons: ['too_long'] };
      const reasons: PolicyReason[] = [];
      const personal = personalTokens(context);
      const folded = fold(normalized);
      if (personal.some((token) => folded.includes(token))) reasons.push('personal');
      if (danish.has(lettersOnly(normalized))) reasons.push('common_danish');
      const { score } = zxcvbn.check(normalized, personal);
      if (score < MIN_ZXCVBN_SCORE && !reasons.includes('common_danish')) reasons.push('too_weak');
      return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
    },
  };
}

/** The username as a whole, and every word of at least 4 letters in it, the display name and extra words. */
function personalTokens(context: PasswordContext): string[] {
  const words = [context.username, context.displayName ?? '', ...(context.extraWords ?? [])]
    .flatMap((s) => fold(s).split(/[^\p{L}\p{N}]+/u))
    .filter((w) => w.length >= MIN_PERSONAL_TOKEN);
  const whole = fold(context.username).trim();
  return [...new Set(whole.length >= 3 ? [whole, ...words] : words)];
}
