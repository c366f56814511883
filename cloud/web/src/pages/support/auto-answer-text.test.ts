import { describe, expect, it } from 'vitest';
import { createI18n } from '../../shared/i18n.js';
import { autoAnswerDa, autoAnswerEn } from './auto-answer-strings.js';
import {
  doNotDisturbHolds,
  kioskEditLabel,
  kioskSentence,
  policySentence,
  possessive,
} from './auto-answer-text.js';

const strings = { da: autoAnswerDa, en: autoAnswerEn };
const tOf = (language: 'da' | 'en') => {
  const i18n = createI18n(strings, language);
  return (key: string, values?: Record<string, string | number>) => i18n.t(key, values);
};
const aase = {
  enabled: true,
  countdownSeconds: 10,
  quietHours: { from: '22:00', to: '07:00' },
  doNotDisturbUntil: null,
};

describe('what support reads about a citizen’s auto-answer policy', () => {
  it('says in one plain line what the policy does, with the quiet hours as Danish clock times', () => {
    expect(policySentence(tOf('da'), aase, 'da')).toBe(
      'Opkald fra personale besvares af sig selv efter 10 sekunder; borgeren kan nå at afvise. Aldrig i stille timer (kl. 22.00 til 07.00).',
    );
    expect(policySentence(tOf('da'), { ...aase, quietHours: null }, 'da')).toBe(
      'Opkald fra personale besvares af sig selv efter 10 sekunder; borgeren kan nå at afvise. Aldrig i stille timer.',
    );
    expect(policySentence(tOf('da'), { ...aase, enabled: false }, 'da')).toBe(
      'Opkald besvares ikke af sig selv: borgeren trykker selv for at tage imod.',
    );
    expect(policySentence(tOf('en'), aase, 'en')).toBe(
      'Calls from staff are answered by themselves after 10 seconds; the citizen can still refuse. Never in quiet hours (22:00 to 07:00).',
    );
  });

  it('names the borrower’s policy on the kiosk page, and the button to change it names whose it is', () => {
    expect(kioskSentence(tOf('da'), { ...aase, quietHours: null }, 'Aase Pedersen', 'da')).toBe(
      'Besvares af sig selv efter 10 sekunder (Aase Pedersens indstilling).',
    );
    expect(
      kioskSentence(tOf('da'), { ...aase, quietHours: { from: '22:00', to: '24:00' } }, 'Jens Bus', 'da'),
    ).toBe('Besvares af sig selv efter 10 sekunder, aldrig kl. 22.00 til 00.00 (Jens Bus’ indstilling).');
    expect(kioskSentence(tOf('da'), { ...aase, enabled: false }, 'Aase Pedersen', 'da')).toBe(
      'Besvares ikke af sig selv (Aase Pedersens indstilling).',
    );
    expect(kioskSentence(tOf('en'), aase, 'Aase Pedersen', 'en')).toBe(
      'Answered by itself after 10 seconds, never 22:00 to 07:00 (Aase Pedersen’s setting).',
    );
    // The button's accessible name is its text: what it does, and to whose setting.
    expect(kioskEditLabel(tOf('da'), 'Aase Pedersen', 'da')).toBe('Ret Aase Pedersens indstilling');
    expect(kioskEditLabel(tOf('da'), 'Jens Bus', 'da')).toBe('Ret Jens Bus’ indstilling');
    expect(kioskEditLabel(tOf('en'), 'Aase Pedersen', 'en')).toBe('Change Aase Pedersen’s setting');
  });

  it('writes the Danish genitive without an s after s, x or z', () => {
    expect(possessive('Aase Pedersen', 'da')).toBe('Aase Pedersens');
    expect(possessive('Hans', 'da')).toBe('Hans’');
    expect(possessive('Hans', 'en')).toBe('Hans’s');
  });
});

describe('whether "forstyr ikke" still holds', () => {
  it('gives its end while it lasts, and nothing when none is set or it is over', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    const until = '2026-12-09T13:19:00.000Z';
    expect(doNotDisturbHolds({ ...aase, doNotDisturbUntil: until }, now)).toBe(until);
    expect(doNotDisturbHolds({ ...aase, doNotDisturbUntil: '2026-12-06T12:00:00.000Z' }, now)).toBeNull();
    expect(doNotDisturbHolds(aase, now)).toBeNull();
  });
});
