import { describe, expect, it } from 'vitest';
import { formatMunicipal } from '../../shared/municipal-date.js';
import { MISSED_AT } from './missed-when.js';

describe('when a missed call came', () => {
  it('says the date, so a call weeks old does not read as one from tonight', () => {
    // Sunday 11 October 03:05 and Sunday 25 October 22:23 in Copenhagen: with the weekday alone both read "søn.".
    const first = formatMunicipal(
      '2026-10-11T01:05:04Z',
      'da',
      MISSED_AT,
      '(dansk tid)',
      'Europe/Copenhagen',
    );
    const second = formatMunicipal(
      '2026-10-25T21:23:37Z',
      'da',
      MISSED_AT,
      '(dansk tid)',
      'Europe/Copenhagen',
    );
    expect(first).toMatch(/^søn\. 11\. okt\.?,? (kl\. )?03\.05$/);
    expect(second).toMatch(/^søn\. 25\. okt\.?,? (kl\. )?22\.23$/);
  });

  it('is the municipal date and time, with the zone said, on a console in UTC or New York', () => {
    // 00:30 on Sunday 6 December in Copenhagen is Saturday 23:30 UTC and 18:30 in New York.
    for (const zone of ['UTC', 'America/New_York']) {
      expect(formatMunicipal('2026-12-05T23:30:00Z', 'da', MISSED_AT, '(dansk tid)', zone)).toMatch(
        /^søn\. 6\. dec\.?,? (kl\. )?00\.30 \(dansk tid\)$/,
      );
      expect(formatMunicipal('2026-12-05T23:30:00Z', 'en', MISSED_AT, '(Danish time)', zone)).toMatch(
        /^Sun 6 Dec,? (at )?00:30 \(Danish time\)$/,
      );
    }
  });
});
