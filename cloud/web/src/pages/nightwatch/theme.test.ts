import { describe, expect, it } from 'vitest';
import { chooseTheme, municipalHour } from './theme.js';

describe('the console theme', () => {
  it('is dark at night in Copenhagen time, light by day, whatever zone the test machine runs in', () => {
    // 21:30 UTC in winter is 22:30 in Copenhagen; 10:00 UTC is 11:00.
    expect(municipalHour(new Date('2026-12-02T21:30:00Z'))).toBe(22);
    expect(chooseTheme(null, false, new Date('2026-12-02T21:30:00Z'))).toBe('dark');
    expect(chooseTheme(null, false, new Date('2026-12-02T05:30:00Z'))).toBe('dark');
    expect(chooseTheme(null, false, new Date('2026-12-02T10:00:00Z'))).toBe('light');
  });

  it('follows the system preference for dark, and a manual choice wins over both', () => {
    expect(chooseTheme(null, true, new Date('2026-12-02T10:00:00Z'))).toBe('dark');
    expect(chooseTheme('light', true, new Date('2026-12-02T21:30:00Z'))).toBe('light');
    expect(chooseTheme('dark', false, new Date('2026-12-02T10:00:00Z'))).toBe('dark');
    expect(chooseTheme('bogus', false, new Date('2026-12-02T10:00:00Z'))).toBe('light');
  });
});
