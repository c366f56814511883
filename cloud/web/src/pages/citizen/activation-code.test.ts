import { describe, expect, it } from 'vitest';
import { formatActivationCode, isCompleteActivationCode } from './activation-code.js';

describe('activation code', () => {
  it('groups what a citizen types by four, upper-cased', () => {
    expect(formatActivationCode('ab12cd34ef56')).toBe('AB12-CD34-EF56');
    expect(formatActivationCode('ab1')).toBe('AB1');
    expect(formatActivationCode('ab12c')).toBe('AB12-C');
  });

  it('ignores spaces, stray dashes and anything past twelve characters', () => {
    expect(formatActivationCode(' ab12 - cd34--ef56 7890')).toBe('AB12-CD34-EF56');
    expect(formatActivationCode('æø!?')).toBe('');
  });

  it('accepts only a complete code', () => {
    expect(isCompleteActivationCode('AB12-CD34-EF56')).toBe(true);
    expect(isCompleteActivationCode('AB12-CD34-EF5')).toBe(false);
    expect(isCompleteActivationCode('ab12-cd34-ef56')).toBe(false);
  });
});
