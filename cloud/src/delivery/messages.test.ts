import { describe, expect, it } from 'vitest';
import { digitalPostText, smsText } from './messages.js';

const at = new Date('2030-01-02T10:00:00Z');

describe('the texts a citizen receives with her code', () => {
  it("name the municipality's help number when it has set one", () => {
    expect(digitalPostText('ABCD-EFGH-JKMN', at, 'https://sv.example', '33 66 33 66')).toContain(
      'Har du brug for hjælp, så ring til kommunens support på 33 66 33 66.',
    );
    expect(smsText('ABCD-EFGH-JKMN', at, 'https://sv.example', '33 66 33 66').split('\n').at(-1)).toBe(
      'Hjælp: ring 33 66 33 66',
    );
  });

  it('without a number, Digital Post still says whom to ring and the SMS stays short', () => {
    expect(digitalPostText('ABCD-EFGH-JKMN', at, 'https://sv.example', null).split('\n').at(-1)).toBe(
      'Har du brug for hjælp, så ring til kommunens support.',
    );
    const sms = smsText('ABCD-EFGH-JKMN', at, 'https://sv.example', null);
    expect(sms.split('\n')).toHaveLength(3);
    expect(sms).not.toContain('Hjælp');
  });
});
