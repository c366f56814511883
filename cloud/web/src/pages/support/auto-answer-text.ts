import type { Translate as T } from '../../shared/i18n-context.js';
import { formatClockTime } from '../../shared/municipal-date.js';
import type { AutoAnswerPolicy } from './auto-answer-api.js';

type Language = 'da' | 'en';

/** "Aase Pedersens", "Hans’" (Danish adds no s after s, x or z); "Aase Pedersen’s" in English. */
export function possessive(name: string, language: Language): string {
  if (language === 'en') return `${name}’s`;
  return /[sxz]$/i.test(name) ? `${name}’` : `${name}s`;
}

/** A stored "24:00" (the end of the day) is "00:00" on a clock and in a time input. */
export const clockOf = (hhmm: string) => (hhmm === '24:00' ? '00:00' : hhmm);

function spanOf(policy: AutoAnswerPolicy, language: Language) {
  if (!policy.quietHours) return null;
  return {
    from: formatClockTime(clockOf(policy.quietHours.from), language),
    to: formatClockTime(clockOf(policy.quietHours.to), language),
  };
}

/** The one plain line on the citizen's page: what the policy does, in words. */
export function policySentence(t: T, policy: AutoAnswerPolicy, language: Language): string {
  if (!policy.enabled) return t('autoAnswer.off');
  const span = spanOf(policy, language);
  const seconds = policy.countdownSeconds;
  return span ? t('autoAnswer.onQuiet', { seconds, ...span }) : t('autoAnswer.on', { seconds });
}

/** The kiosk page's read-only line: the borrower's policy and whose it is (kioskEditLabel is the way to change it). */
export function kioskSentence(t: T, policy: AutoAnswerPolicy, owner: string, language: Language): string {
  const whose = possessive(owner, language);
  if (!policy.enabled) return t('autoAnswer.kioskOff', { owner: whose });
  const span = spanOf(policy, language);
  const seconds = policy.countdownSeconds;
  return span
    ? t('autoAnswer.kioskOnQuiet', { seconds, owner: whose, ...span })
    : t('autoAnswer.kioskOn', { seconds, owner: whose });
}

/** The kiosk page's button to the borrower's card under Borgere: "Ret Aase Pedersens indstilling". */
export const kioskEditLabel = (t: T, owner: string, language: Language) =>
  t('autoAnswer.kioskEdit', { owner: possessive(owner, language) });

/** When "do not disturb" still holds: its end (as the API gives it), else null (none set, or already over). */
export function doNotDisturbHolds(policy: AutoAnswerPolicy, now = Date.now()): string | null {
  const until = policy.doNotDisturbUntil;
  return until && new Date(until).getTime() > now ? until : null;
}
