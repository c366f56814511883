import fc from 'fast-check';
import { generate, verify } from 'otplib';
import { describe, expect, it } from 'vitest';
import { wrongCodeFor } from './totp-codes.js';

const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
/** A moment at which this secret's code IS 000000 (found once by searching the counters). */
const ZEROS_AT = 1_721_142_720;

const acceptedAt = async (token: string, epoch: number) =>
  (await verify({ secret, token, epoch, epochTolerance: 30 })).valid;

describe('wrongCodeFor', () => {
  it('picks another code at a moment when 000000 is the right one, and in the steps around it', async () => {
    expect(await generate({ secret, epoch: ZEROS_AT })).toBe('000000');
    for (const offset of [-60, -30, 0, 30, 60]) {
      const wrong = await wrongCodeFor(secret, ZEROS_AT + offset);
      expect(wrong).not.toBe('000000');
      expect(await acceptedAt(wrong, ZEROS_AT + offset)).toBe(false);
    }
  });

  it('never returns a code the verifier accepts at that moment', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }), async (epoch) => {
        expect(await acceptedAt(await wrongCodeFor(secret, epoch), epoch)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
