import { describe, expect, it } from 'vitest';
import { pinProblem } from './store.js';

describe('the unlock PIN rule', () => {
  it('accepts 6 to 8 digits that are neither one digit repeated nor a straight run', () => {
    for (const pin of ['271828', '3141592', '40404041']) expect(pinProblem(pin)).toBeNull();
  });

  it('refuses too short, too long, non-digits, repeats and runs in both directions', () => {
    for (const pin of ['12345', '123456789', '12a456', '000000', '123456', '987654', '890123'])
      expect(pinProblem(pin), pin).not.toBeNull();
  });
});
