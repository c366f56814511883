import { describe, expect, it } from 'vitest';
import { ONE_TIME_ALPHABET, oneTimePassword } from './one-time.js';

describe('a one-time password support reads aloud', () => {
  it('has 20 small letters and digits, none a person could mishear or misread (no capitals, no l/1, o/0, i)', () => {
    const drawn = Array.from({ length: 500 }, () => oneTimePassword());
    for (const password of drawn) expect(password).toMatch(/^[a-hjkmnp-z2-9]{20}$/);
    expect(new Set(drawn).size).toBe(drawn.length);
  });

  it('draws every character of its alphabet, and no other', () => {
    const seen = new Set(Array.from({ length: 500 }, () => oneTimePassword()).join(''));
    expect([...seen].sort().join('')).toBe([...ONE_TIME_ALPHABET].sort().join(''));
  });
});
