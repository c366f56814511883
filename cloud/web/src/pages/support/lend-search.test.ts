import { describe, expect, it } from 'vitest';
import type { CitizenChoice } from './devices-api.js';
import { beginsWords, enterChoice, rankMatches } from './lend-search.js';

const citizen = (displayName: string, deviceLabel: string | null = null): CitizenChoice => ({
  id: displayName,
  displayName,
  deviceLabel,
  units: ['Hjemmeplejen Nørrebro'],
  ref: 'R1',
});
const nielsens = ['Ib Nielsen', 'Bent Nielsen', 'Karen Nielsen'].map((n) => citizen(n));

describe('finding the citizen to lend a kiosk to, by name and Enter', () => {
  it('counts a name whose words begin with the typed words, not letters inside a word', () => {
    expect(beginsWords('Else Mortensen', 'else')).toBe(true);
    expect(beginsWords('Else Mortensen', 'Else M')).toBe(true);
    expect(beginsWords('Ib Nielsen', 'Else')).toBe(false);
    expect(beginsWords('Åse Hansen-Berg', 'åse berg')).toBe(true);
  });

  it('lends on Enter to the one name that begins like the typed words, among names that only contain them', () => {
    const else_ = citizen('Else Mortensen');
    expect(enterChoice('Else', [...nielsens, else_])).toEqual({ kind: 'lend', citizen: else_ });
    expect(rankMatches('Else', [...nielsens, else_])[0]).toBe(else_);
  });

  it('never guesses between two names that both begin like the typed words, and says whose kiosk it is', () => {
    expect(enterChoice('Nielsen', nielsens)).toEqual({ kind: 'several' });
    expect(enterChoice('Else', [citizen('Else Mortensen'), citizen('Else Jensen')])).toEqual({
      kind: 'several',
    });
    const lent = citizen('Else Mortensen', 'KBH-0007');
    expect(enterChoice('Else', [...nielsens, lent])).toEqual({ kind: 'has_device', citizen: lent });
    expect(enterChoice('Else', [])).toEqual({ kind: 'none' });
  });

  it('still lends to the only match, wherever the letters stand in the name', () => {
    const only = citizen('Poul Andersen');
    expect(enterChoice('ders', [only])).toEqual({ kind: 'lend', citizen: only });
  });
});
