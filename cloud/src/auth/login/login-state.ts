import { loadSecretsKey } from '../../kernel/secrets/secrets-key.js';
import type { AuthDeps } from '../deps.js';
import { createPasswordPolicy, type PasswordPolicy } from '../password/policy.js';
import { createLoginThrottle, type LoginThrottle } from '../throttle/login-throttle.js';

/** Per-app login state (no module singletons): the throttle's counters, the policy's dictionaries, the key. */
export interface LoginState {
  readonly throttle: LoginThrottle;
  readonly policy: PasswordPolicy;
  readonly secretsKey: Buffer;
}

export function createLoginState(deps: Pick<AuthDeps, 'config' | 'log' | 'limiters'>): LoginState {
  // Without SECRETS_KEY the node warns once at start (node/start-cloud.ts), not once per login state.
  const { key } = loadSecretsKey(deps.config);
  // Built on the first password change, not per login state: its zxcvbn dictionaries are ~14 MB of heap per
  // copy, and the night-watch console's own login state (console-routes.ts) never checks a new password.
  let policy: PasswordPolicy | undefined;
  return {
    throttle: createLoginThrottle(deps.limiters ? { limiter: deps.limiters } : {}),
    get policy() {
      policy ??= createPasswordPolicy();
      return policy;
    },
    secretsKey: key,
  };
}
