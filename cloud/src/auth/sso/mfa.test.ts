import { describe, expect, it } from 'vitest';
import { ssoStage } from './mfa.js';

const trusted = { trustIdpMfa: true, mfaAmrValues: ['mfa'], mfaAcrValues: ['urn:kommune:loa:substantial'] };

describe('ssoStage', () => {
  it('gives a full session when the trusted IdP proves MFA in amr', () => {
    expect(ssoStage(trusted, { amr: ['pwd', 'mfa'] })).toBe('full');
  });

  it('gives a full session when the trusted IdP proves MFA through a configured acr', () => {
    expect(ssoStage(trusted, { amr: ['pwd'], acr: 'urn:kommune:loa:substantial' })).toBe('full');
  });

  it('asks for our second factor when the IdP login used a password only', () => {
    expect(ssoStage(trusted, { amr: ['pwd'] })).toBe('second_factor');
    expect(ssoStage(trusted, {})).toBe('second_factor');
    expect(ssoStage(trusted, { acr: 'urn:kommune:loa:low' })).toBe('second_factor');
  });

  it('asks for our second factor when the municipality does not trust its IdP, whatever the token says', () => {
    expect(
      ssoStage({ ...trusted, trustIdpMfa: false }, { amr: ['mfa'], acr: 'urn:kommune:loa:substantial' }),
    ).toBe('second_factor');
  });

  it('ignores malformed amr and acr claims', () => {
    expect(ssoStage(trusted, { amr: 'mfa' })).toBe('second_factor');
    expect(ssoStage(trusted, { amr: [{ mfa: true }] })).toBe('second_factor');
    expect(ssoStage(trusted, { acr: ['urn:kommune:loa:substantial'] })).toBe('second_factor');
  });
});
