/**
 * Which staff roles each staff page admits, in one table: each page's StaffGate reads its list from here, and
 * /staff/ links a role to its own start page from the same table, so that link can never lead to the page's
 * refusal. The cloud's authorization matrix (cloud/src/auth/authorization-matrix.ts) still decides every call;
 * this is only what the pages show.
 */
export const STAFF_PAGES = {
  admin: { href: '/admin/', roles: ['system_admin'] },
  support: { href: '/support/', roles: ['support', 'vendor_support'] },
  dashboard: { href: '/dashboard/', roles: ['unit_manager', 'support'] },
  watch: { href: '/watch/', roles: ['unit_manager', 'support'] },
  // Staff who do care work; only members of a night-watch pool get a console (the rest see why not).
  nightwatch: { href: '/nightwatch/', roles: ['staff', 'unit_manager', 'support'] },
} as const satisfies Record<string, { href: string; roles: readonly string[] }>;

export type StaffPage = keyof typeof STAFF_PAGES;

/**
 * The page a role works from when that is not /staff/ itself: the system administrator's settings, support's
 * desk (support.md: "Systemadministratoren bruger /admin/; leverandørens support (2. linje) bruger Support"),
 * the unit manager's overview (enhedsleder.md: "Gå til /dashboard/"). A henrik.dahl logging in at /staff/ saw
 * his name and role and nothing pointing on. Plain staff start at /staff/ and get none.
 */
const OWN_START_PAGE: Readonly<Record<string, StaffPage>> = {
  system_admin: 'admin',
  support: 'support',
  vendor_support: 'support',
  unit_manager: 'dashboard',
};

export function ownStartPage(role: string): { page: StaffPage; href: string } | null {
  const page = Object.hasOwn(OWN_START_PAGE, role) ? OWN_START_PAGE[role] : undefined;
  return page ? { page, href: STAFF_PAGES[page].href } : null;
}
