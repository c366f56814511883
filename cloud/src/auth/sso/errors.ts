import { AppError } from '../../kernel/errors.js';

/** Why an SSO login was refused. Logged and audited as the reason; the person sees only `detail`. */
export type SsoRefusalReason =
  | 'not_configured'
  | 'misconfigured'
  | 'network'
  | 'no_attempt'
  | 'attempt_used_or_expired'
  | 'idp_error'
  | 'idp_unreachable'
  | 'invalid_response'
  | 'missing_claim'
  | 'unknown_user'
  | 'disabled_user';

const REFUSALS: Record<SsoRefusalReason, { code: AppError['code']; detail: string }> = {
  not_configured: {
    code: 'not_found',
    detail: 'Single sign-on is not set up for this municipality.',
  },
  misconfigured: {
    code: 'unavailable',
    detail: 'Single sign-on for this municipality is misconfigured. Contact support.',
  },
  network: {
    code: 'forbidden',
    detail: 'Staff can only use ScreenVisit from the municipality’s network.',
  },
  no_attempt: {
    code: 'invalid_input',
    detail: 'This sign-in was not started in this browser. Start the sign-in again.',
  },
  attempt_used_or_expired: {
    code: 'invalid_input',
    detail: 'This sign-in link was already used or has expired. Start the sign-in again.',
  },
  idp_error: {
    code: 'forbidden',
    detail: 'The municipality’s sign-in service did not sign you in. Start the sign-in again.',
  },
  idp_unreachable: {
    code: 'unavailable',
    detail: 'The municipality’s sign-in service cannot be reached right now. Try again in a moment.',
  },
  invalid_response: {
    code: 'invalid_input',
    detail: 'The answer from the sign-in service could not be verified. Start the sign-in again.',
  },
  missing_claim: {
    code: 'forbidden',
    detail: 'The sign-in service did not say who you are. Contact support.',
  },
  unknown_user: {
    code: 'forbidden',
    detail: 'You do not have a ScreenVisit staff account in this municipality. Contact support.',
  },
  disabled_user: {
    code: 'forbidden',
    detail: 'This account is closed. Contact support.',
  },
};

/** What was known when the login was refused: ids only, for the audit entry. */
export interface SsoRefusalContext {
  municipalityId?: string;
  providerId?: string;
  staffId?: string;
}

export class SsoRefusal extends Error {
  override readonly name = 'SsoRefusal';
  readonly context: SsoRefusalContext;
  constructor(
    readonly reason: SsoRefusalReason,
    options: { cause?: unknown; context?: SsoRefusalContext } = {},
  ) {
    super(`sso refused: ${reason}`, { cause: options.cause });
    this.context = { ...options.context };
  }

  /** Adds what an outer step knows (which municipality, which IdP) without overwriting what is set. */
  within(context: SsoRefusalContext): this {
    Object.assign(this.context, { ...context, ...this.context });
    return this;
  }

  toAppError(): AppError {
    const { code, detail } = REFUSALS[this.reason];
    return new AppError(code, detail, { cause: this });
  }
}

export function isSsoRefusal(e: unknown): e is SsoRefusal {
  return e instanceof SsoRefusal;
}
