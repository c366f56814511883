import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./support.css', import.meta.url), 'utf8');

describe('the support styles', () => {
  it('keep a kiosk’s label on one line in the kiosk list ("Åbn DEMO-KIOSK-1" stood as four lines)', () => {
    const rule = /\.device-table \.device-label\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
    expect(rule).toMatch(/white-space:\s*nowrap/);
  });

  it('give a section intro written as a hint the space a paragraph has ("Medarbejdere" touched its field)', () => {
    const rule = /\.panel > h2 \+ \.hint\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
    const below = /margin-bottom:\s*([\d.]+)(r?em)/.exec(rule);
    expect(Number(below?.[1] ?? 0)).toBeGreaterThanOrEqual(1);
  });

  it('keep "uge 46" on one line in the Statistik table (it stood as "uge / 46")', () => {
    const rule = /\.data-table \.week-cell\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
    expect(rule).toMatch(/white-space:\s*nowrap/);
  });

  it('put each fact under its term on a phone (the values stood one word per line beside long terms)', () => {
    const narrow = /@media \(max-width:\s*([\d.]+)rem\)\s*\{([\s\S]*?)\n\}/g;
    const rules = [...css.matchAll(narrow)].filter((m) => /\.facts\s*\{/.test(m[2] ?? ''));
    expect(rules.length).toBe(1);
    expect(Number(rules[0]?.[1])).toBeGreaterThanOrEqual(30);
    expect(/\.facts\s*\{([^}]*)\}/.exec(rules[0]?.[2] ?? '')?.[1]).toMatch(/grid-template-columns:\s*1fr/);
  });

  it('show a temporary password large and spaced in a monospace font, so it can be read aloud on the phone', () => {
    const rule = /\.one-time-password\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
    expect(rule).toMatch(/font-family:[^;]*monospace/);
    expect(rule).toMatch(/letter-spacing:\s*0\.[1-9]/);
    expect(Number(/font-size:\s*([\d.]+)rem/.exec(rule)?.[1] ?? 0)).toBeGreaterThanOrEqual(1.25);
    // At 390 px an input showed 7 of its 20 characters: the box wraps and grows instead.
    expect(rule).toMatch(/word-break:\s*break-all/);
    expect(rule).toMatch(/field-sizing:\s*content/);
  });
});
