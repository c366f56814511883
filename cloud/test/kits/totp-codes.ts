import { generate } from 'otplib';

/** Steps either side of the moment that a wrong code must not match: the verifier accepts ±1 (auth/totp/totp.ts), and a test may cross a step boundary while it runs. */
const MARGIN_STEPS = 2;

/**
 * A six-digit code the authenticator app does NOT show at `epochSeconds`, nor within two 30 s steps either side.
 * A fixed "wrong" code such as '000000' is the right code about three times in a million (it is valid in ±1 step
 * of the window): a test that needs a wrong code must pick one that is wrong, or it fails by chance. Six
 * candidates for at most five excluded codes: one is always left.
 */
export async function wrongCodeFor(secret: string, epochSeconds: number): Promise<string> {
  const steps = Array.from({ length: 2 * MARGIN_STEPS + 1 }, (_, i) => i - MARGIN_STEPS);
  const valid = new Set(
    await Promise.all(steps.map((s) => generate({ secret, epoch: Math.floor(epochSeconds) + s * 30 }))),
  );
  const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].find((c) => !valid.has(c));
  if (wrong === undefined) throw new Error('unreachable: six candidates, at most five valid codes');
  return wrong;
}
