import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { isSecretBoxError, open, seal } from '../../kernel/secrets/secret-box.js';
import { checkTotp, newTotpSecret } from './totp.js';

const T = 1_772_438_400_000; // a fixed instant: tests use a fake clock value, not the wall clock
const codeAt = (secret: string, ms: number) => generate({ secret, epoch: Math.floor(ms / 1000) });

describe('TOTP check', () => {
  it('accepts one step of drift either way, not two', async () => {
    const secret = newTotpSecret();
    expect((await checkTotp(secret, await codeAt(secret, T - 30_000), T, null)).ok).toBe(true);
    expect((await checkTotp(secret, await codeAt(secret, T + 30_000), T, null)).ok).toBe(true);
    expect(await checkTotp(secret, await codeAt(secret, T - 60_000), T, null)).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('refuses a code whose step was already used, or an older one', async () => {
    const secret = newTotpSecret();
    const code = await codeAt(secret, T);
    const first = await checkTotp(secret, code, T, null);
    expect(first.ok).toBe(true);
    const step = (first as { step: number }).step;
    expect(await checkTotp(secret, code, T + 5_000, step)).toEqual({ ok: false, reason: 'replay' });
    expect(await checkTotp(secret, await codeAt(secret, T - 30_000), T, step)).toEqual({
      ok: false,
      reason: 'replay',
    });
    expect((await checkTotp(secret, await codeAt(secret, T + 30_000), T + 30_000, step)).ok).toBe(true);
  });

  it('rejects malformed codes without throwing', async () => {
    for (const code of ['', '12345', '1234567', 'abcdef', '12 34 5x']) {
      expect(await checkTotp(newTotpSecret(), code, T, null)).toEqual({ ok: false, reason: 'invalid' });
    }
  });
});

describe('secret box', () => {
  it('round-trips, and refuses another key or another owner', () => {
    const key = randomBytes(32);
    const sealed = seal(key, 'JBSWY3DPEHPK3PXP', 'staff-totp:a');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(key, sealed, 'staff-totp:a')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => open(randomBytes(32), sealed, 'staff-totp:a')).toThrow();
    let error: unknown;
    try {
      open(key, sealed, 'staff-totp:b');
    } catch (e) {
      error = e;
    }
    expect(isSecretBoxError(error)).toBe(true);
  });
});
