import { describe, expect, it } from 'vitest';
import { isStartupError } from '../../kernel/errors.js';
import { relyingParty } from './relying-party.js';

const base = { WEBAUTHN_RP_ID: 'localhost', WEBAUTHN_ORIGIN: undefined, PUBLIC_URL: undefined, PORT: 8080 };

describe('relying party', () => {
  it('defaults to http://localhost:PORT, then to the origin of PUBLIC_URL', () => {
    expect(relyingParty(base).origin).toBe('http://localhost:8080');
    const rp = relyingParty({ ...base, WEBAUTHN_RP_ID: 'kk.dk', PUBLIC_URL: 'https://sv.kk.dk/app/' });
    expect(rp).toMatchObject({ id: 'kk.dk', origin: 'https://sv.kk.dk' });
  });

  it('refuses to start with an RP id that the origin cannot use (no passkey would ever work)', () => {
    let error: unknown;
    try {
      relyingParty({ ...base, WEBAUTHN_RP_ID: 'kk.dk', WEBAUTHN_ORIGIN: 'https://evilkk.dk' });
    } catch (e) {
      error = e;
    }
    expect(isStartupError(error)).toBe(true);
    expect(() => relyingParty({ ...base, WEBAUTHN_ORIGIN: 'http://127.0.0.1:8080' })).toThrow(
      /WEBAUTHN_RP_ID/,
    );
  });
});
