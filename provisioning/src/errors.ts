/** The provisioning package's one error vocabulary; the CLI maps each reason to an exit code. */
export const ProvisioningReason = [
  'usage',
  'not_logged_in',
  'cloud_refused',
  'cloud_unreachable',
  'fleet_failed',
  'invalid_transition',
  'no_match',
] as const;
export type ProvisioningReason = (typeof ProvisioningReason)[number];

/** sysexits-like, but small: 2 usage (as most CLIs), then one code per kind of failure. */
export const EXIT_CODES: Record<ProvisioningReason, number> = {
  usage: 2,
  not_logged_in: 3,
  cloud_refused: 4,
  invalid_transition: 4,
  cloud_unreachable: 5,
  fleet_failed: 6,
  no_match: 7,
};

export class ProvisioningError extends Error {
  override readonly name = 'ProvisioningError';
  constructor(
    readonly reason: ProvisioningReason,
    message: string,
    options: { cause?: unknown; status?: number } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = options.status;
  }
  readonly status: number | undefined;

  static usage(message: string) {
    return new ProvisioningError('usage', message);
  }
  static notLoggedIn(message = 'Not logged in: run `screenvisit-support login` first.') {
    return new ProvisioningError('not_logged_in', message);
  }
  static refused(status: number, detail: string) {
    return new ProvisioningError('cloud_refused', `The cloud refused (HTTP ${status}): ${detail}`, {
      status,
    });
  }
  static unreachable(url: string, cause: unknown) {
    return new ProvisioningError('cloud_unreachable', `Cannot reach the cloud at ${url}.`, { cause });
  }
  /** A kiosk label or a citizen's name that fits no one, or more than one: the message names the candidates. */
  static noMatch(message: string) {
    return new ProvisioningError('no_match', message);
  }
  static fleet(message: string, cause?: unknown) {
    return new ProvisioningError('fleet_failed', message, { cause });
  }
}

export function isProvisioningError(e: unknown): e is ProvisioningError {
  return e instanceof ProvisioningError;
}
