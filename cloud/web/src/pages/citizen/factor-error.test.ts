import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { createI18n } from '../../shared/i18n.js';
import { factorError } from './factor-error.js';
import { citizenStrings } from './strings.js';

const refused = (status: number, detail: string) =>
  new ApiError('problem', status, { type: 'about:blank', title: 'x', status, detail });

describe('what the PIN form says when the cloud refuses', () => {
  const { t } = createI18n(citizenStrings, 'da');

  it('says the PIN was not right, and to try again', () => {
    expect(factorError(refused(401, 'PIN-koden er ikke rigtig. Prøv igen.'), t)).toBe(
      'Koden passede ikke. Prøv igen.',
    );
  });

  it('says how long to wait after too many wrong PINs, not "Vent lidt"', () => {
    const said = factorError(refused(429, 'For mange forsøg. Vent lidt, og prøv igen.'), t);
    expect(said).toContain('15 minutter');
    expect(said).not.toContain('Vent lidt');
    const en = createI18n(citizenStrings, 'en').t;
    expect(factorError(refused(429, 'Too many attempts. Wait a moment and try again.'), en)).toContain(
      '15 minutes',
    );
  });
});
