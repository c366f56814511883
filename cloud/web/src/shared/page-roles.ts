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

/**
 * The staff pages a role may open, its own start page first: what `npm start` prints beside each demo login
 * (scripts/start.ts), so that list cannot drift from the gates. It printed "/support/, /watch/" for support and
 * left out /dashboard/, which support may use (README "Demo tour"). The night-watch console is left out: it
 * admits plain staff, but only a pool member gets a console, and the printout says so per login. A role with no
 * page of its own works from /staff/ alone.
 */
export function pagesOfRole(role: string): string[] {
  const own = ownStartPage(role);
  if (!own) return [STAFF_HOME];
  const others = (Object.keys(STAFF_PAGES) as StaffPage[]).filter(
    (page) =>
      page !== own.page &&
      page !== 'nightwatch' &&
      (STAFF_PAGES[page].roles as readonly string[]).includes(role),
  );
  return [own.href, ...others.map((page) => STAFF_PAGES[page].href)];
}

/** Where every staff member logs in and plain staff work (no gate of its own: it is the login). */
export const STAFF_HOME = '/staff/';

/**
 * Whom a page is for, as words inside a sentence ("kommunens support og leverandørens support"), from the
 * page's roles in STAFF_PAGES: a refusal that names them cannot drift from the gate. /support/ told plain staff
 * it was "kun for support" while it lets vendor support in too. `name` gives a role's words (gate.for.<role>).
 */
export function rolesPhrase(
  roles: readonly string[],
  name: (role: string) => string,
  language: 'da' | 'en',
): string {
  return new Intl.ListFormat(language === 'da' ? 'da' : 'en-GB', {
    style: 'long',
    type: 'conjunction',
  }).format(roles.map(name));
}
