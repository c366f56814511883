import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');

describe('the shared styles', () => {
  it('make a disabled button look unpressable (a disabled "Find skærmen" looked live on the suptour walk)', () => {
    const rule = /\.button:disabled\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
    const opacity = Number(/opacity:\s*([\d.]+)/.exec(rule)?.[1] ?? 1);
    expect(opacity).toBeLessThanOrEqual(0.6);
    expect(rule).toMatch(/cursor:\s*not-allowed/);
  });
});
