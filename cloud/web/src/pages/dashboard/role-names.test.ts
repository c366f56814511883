import { describe, expect, it } from 'vitest';
import { staffStrings } from '../staff/strings.js';
import { managerDa, managerEn } from './manager-strings.js';

const roles = (table: Record<string, string>) =>
  Object.fromEntries(Object.entries(table).filter(([key]) => key.startsWith('role.')));

describe('role names', () => {
  // One name per role: the dashboard's access review called vendor support "Leverandørsupport" and a unit
  // manager "Enhedsleder" where the staff page and a refused page (staff-gate.tsx) said "Leverandørens support"
  // and "Leder", so the same person read two different roles for themselves.
  it('are the same on the dashboard as on the staff pages, in both languages', () => {
    expect(roles(managerDa)).toEqual(roles(staffStrings.da));
    expect(roles(managerEn)).toEqual(roles(staffStrings.en));
  });
});
