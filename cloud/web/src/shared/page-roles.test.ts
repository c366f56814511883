import { describe, expect, it } from 'vitest';
import { staffStrings } from '../pages/staff/strings.js';
import { createI18n } from './i18n.js';
import { ownStartPage, pagesOfRole, rolesPhrase, STAFF_PAGES, type StaffPage } from './page-roles.js';

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

describe('the pages `npm start` prints beside each demo login (scripts/start.ts)', () => {
  it('lists /dashboard/ for support, who may use it (README "Demo tour"), after its own /support/', () => {
    expect(pagesOfRole('support')).toEqual(['/support/', '/dashboard/', '/watch/']);
    expect(pagesOfRole('unit_manager')).toEqual(['/dashboard/', '/watch/']);
    expect(pagesOfRole('vendor_support')).toEqual(['/support/']);
    expect(pagesOfRole('system_admin')).toEqual(['/admin/']);
    expect(pagesOfRole('staff')).toEqual(['/staff/']);
  });

  it('prints only pages whose gate lets the role in, and every such page but the pool-only night watch', () => {
    for (const role of ROLES) {
      const printed = pagesOfRole(role);
      for (const [page, entry] of Object.entries(STAFF_PAGES)) {
        const admits = (entry.roles as readonly string[]).includes(role);
        if (page !== 'nightwatch') expect(printed.includes(entry.href)).toBe(admits);
      }
    }
  });
});

describe('a refusal names whom the page is for, from the same table', () => {
  const da = createI18n(staffStrings, 'da');
  const en = createI18n(staffStrings, 'en');
  const refusal = (page: StaffPage, i18n: typeof da, language: 'da' | 'en') =>
    i18n.t('gate.wrongRole', {
      roles: rolesPhrase(STAFF_PAGES[page].roles, (r) => i18n.t(`gate.for.${r}`), language),
    });

  it('tells plain staff that /support/ is for support AND vendor support (it said "kun for support")', () => {
    expect(refusal('support', da, 'da')).toBe(
      'Denne side er kun for kommunens support og leverandørens support.',
    );
    expect(refusal('support', en, 'en')).toBe(
      'This page is for the municipality’s support and the vendor’s support only.',
    );
  });

  it('keeps the other pages’ refusals as they read', () => {
    expect(refusal('dashboard', da, 'da')).toBe('Denne side er kun for ledere og kommunens support.');
    expect(refusal('nightwatch', da, 'da')).toBe(
      'Denne side er kun for medarbejdere, ledere og kommunens support.',
    );
    expect(refusal('admin', da, 'da')).toBe('Denne side er kun for systemadministratorer.');
  });

  it('has words for every role a page admits, in both languages', () => {
    for (const { roles } of Object.values(STAFF_PAGES))
      for (const role of roles)
        for (const i18n of [da, en]) expect(i18n.t(`gate.for.${role}`)).not.toBe(`gate.for.${role}`);
  });
});
