import { describe, expect, it } from 'vitest';
import { rowsWithErrors } from './import-rows.js';

describe('rowsWithErrors', () => {
  it('counts a row with several wrong cells once', () => {
    const errors = [
      { line: 2, column: 'username' },
      { line: 2, column: 'display_name' },
      { line: 2, column: 'role' },
      { line: 2, column: 'unit' },
      { line: 5, column: 'unit' },
    ];
    expect(rowsWithErrors(errors)).toBe(2);
  });

  it('is zero without errors', () => {
    expect(rowsWithErrors([])).toBe(0);
  });
});
