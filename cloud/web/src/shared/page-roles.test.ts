import { describe, expect, it } from 'vitest';
import { ownStartPage, STAFF_PAGES } from './page-roles.js';

const ROLES = ['staff', 'unit_manager', 'support', 'vendor_support', 'system_admin'] as const;

describe('a staff role’s own start page, linked from /staff/', () => {
  it('sends a system administrator to /admin/, support and vendor support to /support/, a unit manager to /dashboard/', () => {
    expect(ownStartPage('system_admin')?.href).toBe('/admin/');
    expect(ownStartPage('support')?.href).toBe('/support/');
    expect(ownStartPage('vendor_support')?.href).toBe('/support/');
    expect(ownStartPage('unit_manager')?.href).toBe('/dashboard/');
  });

  it('gives plain staff no link away from /staff/, and an unknown or inherited name none either', () => {
    expect(ownStartPage('staff')).toBeNull();
    expect(ownStartPage('citizen')).toBeNull();
    expect(ownStartPage('toString')).toBeNull();
  });

  it('never links a role to a page that refuses it', () => {
    for (const role of ROLES) {
      const own = ownStartPage(role);
      if (own) expect(STAFF_PAGES[own.page].roles as readonly string[]).toContain(role);
    }
  });
});
