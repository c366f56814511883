import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { createI18n } from '../../shared/i18n.js';
import { activationError } from './activation-error.js';
import { citizenStrings } from './strings.js';

const da = createI18n(citizenStrings, 'da').t;
const en = createI18n(citizenStrings, 'en').t;

describe('what the code form says when the code is refused', () => {
  it('says a spent code in the language the page shows now, not the one the cloud answered in', () => {
    // The cloud answered in Danish (the page was Danish when the code was sent); she then chose English.
    const gone = new ApiError('problem', 410, {
      type: 'about:blank',
      title: 'Gone',
      status: 410,
      detail: 'Koden er brugt, udløbet eller ukendt.',
    });
    expect(activationError(gone, da)).toBe(
      'Koden er brugt eller for gammel. Bed hjemmeplejen om en ny kode.',
    );
    expect(activationError(gone, en)).toBe(
      'The code has been used or is too old. Ask home care for a new code.',
    );
  });

  it('says how long to wait after too many wrong codes, in either language', () => {
    const many = new ApiError('problem', 429, {
      type: 'about:blank',
      title: 'Too Many Requests',
      status: 429,
      detail: 'For mange forsøg.',
    });
    expect(activationError(many, en)).toMatch(/^You have tried too many codes/);
    expect(activationError(many, da)).toMatch(/^Du har prøvet for mange koder/);
  });

  it('says a lost connection in the page’s language', () => {
    const offline = ApiError.network(new Error('offline'));
    expect(activationError(offline, en)).not.toBe(activationError(offline, da));
  });
});
