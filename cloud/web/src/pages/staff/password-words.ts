import type { LoginStep } from './auth-api.js';
import type { staffStrings } from './strings.js';

type Key = keyof typeof staffStrings.da;

/**
 * Why the person must choose a password now. `invited`: the first password, through an invitation (issue 12
 * §1), so there is no current one to ask for. `temporary`: the one-time password the operator printed (`npm run
 * bootstrap`), which is brand-new, so never "too old". `expired`: the municipality's maximum age.
 */
export type PasswordStepReason = 'invited' | 'temporary' | 'expired';

/** The string keys each reason shows; `current: null` asks for no current password. */
export const PASSWORD_STEP_WORDS = {
  invited: {
    heading: 'password.firstHeading',
    intro: 'password.firstIntro',
    current: null,
    missing: 'password.firstMissing',
    submit: 'password.firstSubmit',
  },
  temporary: {
    heading: 'password.temporaryHeading',
    intro: 'password.temporaryIntro',
    current: 'password.temporaryCurrent',
    missing: 'password.temporaryMissing',
    submit: 'password.firstSubmit',
  },
  expired: {
    heading: 'password.heading',
    intro: 'password.intro',
    current: 'password.current',
    missing: 'password.missing',
    submit: 'password.submit',
  },
} as const satisfies Record<
  PasswordStepReason,
  { heading: Key; intro: Key; current: Key | null; missing: Key; submit: Key }
>;

/** The server's answer in stage password_change says why (absent from an older cloud: the expiry wording). */
export function passwordStepReason(answer: Pick<LoginStep, 'passwordChange'>): PasswordStepReason {
  return answer.passwordChange === 'temporary' ? 'temporary' : 'expired';
}
