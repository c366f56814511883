import { describe, expect, it } from 'vitest';
import { cancelReasonLabel } from './cancel-reason.js';

describe('a cancellation reason on the dashboard', () => {
  it('starts with a capital letter, as a person writes it, in Danish and English', () => {
    expect(cancelReasonLabel('borger på hospital', 'da')).toBe('Borger på hospital');
    expect(cancelReasonLabel('ønsker ikke besøget i dag', 'da')).toBe('Ønsker ikke besøget i dag');
    expect(cancelReasonLabel('citizen in hospital', 'en')).toBe('Citizen in hospital');
  });

  it('leaves the rest of the reason as it was written, and what has no letter first as it is', () => {
    expect(cancelReasonLabel('  teknisk problem med skærmen KBH-0001 ', 'da')).toBe(
      'Teknisk problem med skærmen KBH-0001',
    );
    expect(cancelReasonLabel('112 var tilkaldt', 'da')).toBe('112 var tilkaldt');
    expect(cancelReasonLabel('', 'en')).toBe('');
  });
});
