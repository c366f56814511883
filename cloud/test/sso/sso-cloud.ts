import { type Clock, systemClock } from '@screenvisit/protocol';
import { startTestCloud, type TestCloud } from '../test-cloud.js';

/** Real time that a test can jump forward (openid-client checks token times against the real clock). */
export interface SkewClock extends Clock {
  advance(ms: number): void;
}

function skewClock(): SkewClock {
  let offset = 0;
  return {
    ...systemClock,
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
    },
  };
}

/**
 * startTestCloud() plus the TEST-ONLY switch that lets SSO talk to an http:// IdP (a local oidc-provider) and a
 * clock the test can move.
 */
export async function startSsoTestCloud(): Promise<TestCloud & { clock: SkewClock }> {
  const clock = skewClock();
  const t = await startTestCloud({}, { clock, dangerouslyAllowHttpIdpForTests: true });
  return { ...t, clock };
}
