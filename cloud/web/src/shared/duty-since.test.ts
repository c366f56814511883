import { describe, expect, it } from 'vitest';
import { dutySince } from './duty-since.js';
import { formatMunicipal } from './municipal-date.js';

describe('on duty since', () => {
  const now = Date.parse('2026-12-06T01:15:00Z'); // 02.15 on Sunday 6 December in Copenhagen

  it('is the time alone within a night shift', () => {
    // On duty from 22.00 on Saturday, 4 h 15 min ago.
    const since = '2026-12-05T21:00:00Z';
    const shown = dutySince(since, now);
    expect(shown.dated).toBe(false);
    expect(formatMunicipal(since, 'da', shown.options, '(dansk tid)', 'Europe/Copenhagen')).toBe('22.00');
  });

  it('says the date when the duty is older than any shift, so a forgotten one does not read as tonight', () => {
    // On duty since 22.00 on Thursday 3 December, never gone off: without the date, "siden kl. 22.00".
    const since = '2026-12-03T21:00:00Z';
    const shown = dutySince(since, now);
    expect(shown.dated).toBe(true);
    expect(formatMunicipal(since, 'da', shown.options, '(dansk tid)', 'UTC')).toMatch(
      /^tors\. 3\. dec\.?,? (kl\. )?22\.00 \(dansk tid\)$/,
    );
    expect(formatMunicipal(since, 'en', shown.options, '(Danish time)', 'America/New_York')).toMatch(
      /^Thu 3 Dec,? (at )?22:00 \(Danish time\)$/,
    );
  });
});
