import type { Role } from '../kernel/principal.js';

/**
 * Who may call each HTTP route: the documented allow/deny. `authorization-matrix.int.test.ts` calls every route
 * in the OpenAPI document as every role, as nobody, and as support of ANOTHER municipality, and checks each
 * answer against this table; a route missing here fails that test. docs/security.md shows the table
 * (generated: npm run docs:write).
 *
 *   public      anyone, without a session (health, login, enrolment and activation themselves)
 *   login-step  only a login in progress (second factor or password change); nobody else gets anything
 *   credential  a citizen's device-bound credential cookie
 *   session     any full session (staff or citizen), acting on their own account only
 *   roles       a full session with one of these roles, within its own municipality
 */
export type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'login-step' }
  | { readonly kind: 'credential' }
  | { readonly kind: 'session' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] };

/** What a path's ids point at, so the test can aim at another municipality's objects. */
export type Target = 'citizen' | 'staff' | 'device' | 'municipality' | 'scim-token' | 'alert-token' | 'none';

export interface RouteAccess {
  readonly access: Access;
  readonly target: Target;
}

const pub: RouteAccess = { access: { kind: 'public' }, target: 'none' };
const loginStep: RouteAccess = { access: { kind: 'login-step' }, target: 'none' };
const session: RouteAccess = { access: { kind: 'session' }, target: 'none' };
const roles = (target: Target, ...r: Role[]): RouteAccess => ({
  access: { kind: 'roles', roles: r },
  target,
});
const managers = (target: Target) => roles(target, 'support', 'system_admin');

export const AUTHORIZATION_MATRIX: Readonly<Record<string, RouteAccess>> = {
  'GET /healthz': pub,
  'GET /readyz': pub,
  'GET /api/status': pub,
  'POST /api/devices/enrol': pub,
  'POST /api/auth/login': pub,
  'GET /api/auth/session': pub,
  'POST /api/auth/logout': pub,
  'GET /api/auth/sso/{municipalityId}/start': { access: { kind: 'public' }, target: 'municipality' },
  'GET /api/auth/sso/callback': pub,
  'POST /api/citizen/activate': pub,
  // The municipality's help number for the citizen's page: before login too (a switchboard number, no personal data).
  'GET /api/citizen/help': pub,
  // Issue 12 §1: opening a staff invitation (the token is the credential; throttled, staff network only).
  'POST /api/auth/invite': pub,

  'POST /api/auth/second-factor/totp': loginStep,
  'POST /api/auth/second-factor/recovery': loginStep,
  'POST /api/auth/second-factor/passkey/options': loginStep,
  'POST /api/auth/second-factor/passkey/verify': loginStep,
  // Only a session locked by idleness while on night-watch duty is unlocked (issue 10 §1).
  'POST /api/auth/unlock': loginStep,
  'POST /api/auth/unlock/passkey/options': loginStep,
  'POST /api/auth/totp/enrol': loginStep,
  'POST /api/auth/totp/confirm': loginStep,
  'POST /api/auth/password': loginStep,

  'POST /api/citizen/session': { access: { kind: 'credential' }, target: 'none' },
  'GET /api/citizen/me': roles('none', 'citizen'),
  // "Log ud": the citizen unbinds her own browser (credential, sessions, sockets, push subscriptions).
  'POST /api/citizen/logout': roles('none', 'citizen'),
  // Web Push (issue 15): a citizen subscribes their own browser; staff have no push subscriptions.
  'GET /api/citizen/push/key': roles('none', 'citizen'),
  'PUT /api/citizen/push/subscription': roles('none', 'citizen'),
  'DELETE /api/citizen/push/subscription': roles('none', 'citizen'),
  // Either party of a call reports its own media numbers at hang-up (issue 15 §5); the route itself refuses
  // (403) anyone the call record does not name as a party (issue 13, call-quality/party.ts).
  'POST /api/calls/quality': session,

  'POST /api/auth/logout-everywhere': session,
  'POST /api/auth/passkeys/registration/options': session,
  'POST /api/auth/passkeys/registration/verify': session,
  'GET /api/auth/passkeys': session,
  'DELETE /api/auth/passkeys/{id}': session,
  'PUT /api/auth/unlock-pin': roles(
    'none',
    'staff',
    'unit_manager',
    'support',
    'vendor_support',
    'system_admin',
  ),
  'DELETE /api/auth/unlock-pin': roles(
    'none',
    'staff',
    'unit_manager',
    'support',
    'vendor_support',
    'system_admin',
  ),
  'GET /api/calls/ice-servers': session,

  'POST /api/citizens': roles('none', 'support'),
  'PATCH /api/citizens/{id}': roles('citizen', 'support'),
  'GET /api/citizens/{id}': roles('citizen', 'support'),
  'POST /api/citizens/{id}/activation-codes': roles('citizen', 'support'),
  'PUT /api/citizens/{id}/security': roles('citizen', 'support'),
  'GET /api/citizens/{id}/credentials': roles('citizen', 'support'),
  'DELETE /api/citizens/{id}/credentials/{credentialId}': roles('citizen', 'support'),
  'GET /api/activation-outbox': roles('none', 'support'),

  'POST /api/staff/{id}/disable': managers('staff'),
  'GET /api/staff/{id}/invite': managers('staff'),
  'POST /api/staff/{id}/invite': managers('staff'),
  // A lost phone or forgotten password: support for the people it manages, 2nd line for support workers
  // (finer: accounts/reset-access/who-may-reset.ts); the operator's CLI for anyone above.
  'POST /api/staff/{id}/reset-access': roles('staff', 'support', 'vendor_support'),
  'GET /api/staff/support-accounts': roles('none', 'support', 'vendor_support'),
  'POST /api/citizens/{id}/disable': managers('citizen'),
  'POST /api/devices/{id}/revoke': managers('device'),
  'GET /api/accounts/inactive': managers('none'),
  'GET /api/citizens/{id}/export': managers('citizen'),
  'DELETE /api/citizens/{id}': managers('citizen'),
  'POST /api/scim/tokens': managers('none'),
  'POST /api/scim/tokens/{id}/revoke': managers('scim-token'),
  'GET /api/auth/sso/{municipalityId}/config': managers('municipality'),
  'PUT /api/auth/sso/{municipalityId}/config': managers('municipality'),
  'GET /api/audit/export': managers('none'),
  'GET /api/audit': roles('none', 'support', 'system_admin', 'vendor_support'),

  // Care (issue 4): care work is staff, unit_manager and support; finer checks (own unit, pool member,
  // the citizen's units) are made per object and answer 403/404 (cloud/src/care-api/scope.ts).
  'GET /api/units': roles('none', 'staff', 'unit_manager', 'support'),
  'POST /api/units': roles('none', 'support'),
  'GET /api/units/{id}': roles('none', 'staff', 'unit_manager', 'support'),
  'POST /api/units/{id}/members': roles('none', 'unit_manager', 'support'),
  'DELETE /api/units/{id}/members/{staffId}': roles('none', 'unit_manager', 'support'),
  'POST /api/enrolments': roles('none', 'unit_manager', 'support'),
  'POST /api/enrolments/{id}/close': roles('none', 'unit_manager', 'support'),
  'PUT /api/enrolments/{id}/permissions/{direction}': roles('none', 'unit_manager', 'support'),
  'DELETE /api/enrolments/{id}/permissions/{direction}': roles('none', 'unit_manager', 'support'),
  'GET /api/citizens/{id}/relations': roles('citizen', 'staff', 'unit_manager', 'support'),
  'GET /api/citizens/{id}/auto-answer': roles('citizen', 'staff', 'unit_manager', 'support'),
  'PUT /api/citizens/{id}/auto-answer': roles('citizen', 'unit_manager', 'support'),
  'PUT /api/citizens/{id}/do-not-disturb': roles('citizen', 'staff', 'unit_manager', 'support'),
  'GET /api/night-watch/pools/{id}/settings': roles('none', 'staff', 'unit_manager', 'support'),
  'PUT /api/night-watch/pools/{id}/settings': roles('none', 'unit_manager', 'support'),
  'PUT /api/night-watch/pools/{id}/coverage': roles('none', 'support'),
  'POST /api/night-watch/pools/{id}/duty': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/night-watch/pools/{id}/on-duty': roles('none', 'staff', 'unit_manager', 'support'),
  'POST /api/night-watch/pools/{id}/roster/import': roles('none', 'unit_manager', 'support'),
  'GET /api/night-watch/pools/{id}/roster': roles('none', 'staff', 'unit_manager', 'support'),
  'POST /api/night-watch/pools/{id}/roster/shifts': roles('none', 'unit_manager', 'support'),
  'GET /api/night-watch/my-watches': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/night-watch/my-pools': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/night-watch/pools/{id}/missed-calls': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/night-watch/pools/{id}/queue': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/night-watch/pools/{id}/watch': roles('none', 'unit_manager', 'support'),
  'GET /api/night-watch/pools/{id}/callers/{citizenId}': roles('none', 'staff', 'unit_manager', 'support'),
  'POST /api/night-watch/missed-calls/{id}/callback-done': roles('none', 'staff', 'unit_manager', 'support'),
  'POST /api/night-watch/console/switch': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/people/staff': roles('none', 'staff', 'unit_manager', 'support', 'system_admin'),
  'GET /api/people/citizens': roles('none', 'staff', 'unit_manager', 'support', 'system_admin'),
  'GET /api/day-plan/today': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/day-plan/missed-calls': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/day-plan/slots': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/day-plan/responsible': roles('none', 'staff', 'unit_manager', 'support'),
  'POST /api/day-plan/series': roles('none', 'staff', 'unit_manager', 'support'),
  'POST /api/day-plan/slots': roles('none', 'staff', 'unit_manager', 'support'),
  'PATCH /api/day-plan/slots/{id}': roles('none', 'staff', 'unit_manager', 'support'),
  'POST /api/day-plan/slots/{id}/outcome': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/day-plan/slots/{id}': roles('none', 'staff', 'unit_manager', 'support'),
  'GET /api/stats/weekly': roles('none', 'unit_manager', 'support'),
  'GET /api/stats/weekly.csv': roles('none', 'unit_manager', 'support'),
  'GET /api/dashboard': roles('none', 'unit_manager', 'support'),
  'GET /api/dashboard/vtv.csv': roles('none', 'unit_manager', 'support'),
  'GET /api/service-cases': roles('none', 'unit_manager', 'support'),
  'POST /api/service-cases': roles('none', 'unit_manager', 'support'),
  'GET /api/service-cases/{id}': roles('none', 'unit_manager', 'support'),
  'POST /api/service-cases/{id}/events': roles('none', 'unit_manager', 'support'),
  'POST /api/service-cases/{id}/device-collected': roles('none', 'unit_manager', 'support'),
  'GET /api/access-reviews': roles('none', 'unit_manager', 'support'),
  'POST /api/access-reviews/lines/{id}': roles('none', 'unit_manager'),
  'GET /api/care/settings': roles('none', 'unit_manager', 'support'),
  'PUT /api/care/settings': roles('none', 'support'),
  'POST /api/imports': roles('none', 'support'),
  'GET /api/imports/{id}': roles('none', 'support'),

  // Loan devices (issue 6): support manages them; vendor support reads diagnostics only, without who a device
  // is lent to or its contacts (cloud/src/devices/queries.ts).
  'GET /api/devices': roles('none', 'support', 'vendor_support'),
  'POST /api/devices': roles('none', 'support'),
  'GET /api/devices/{id}': roles('device', 'support', 'vendor_support'),
  'POST /api/devices/{id}/enrolment-code': roles('device', 'support'),
  'POST /api/devices/{id}/lend': roles('device', 'support'),
  'POST /api/devices/{id}/return': roles('device', 'support'),
  'POST /api/devices/{id}/collected': roles('device', 'support'),
  'PUT /api/devices/{id}/config': roles('device', 'support'),
  // Bulk config push (issue 14): every kiosk of the caller's municipality or of one of its units.
  'POST /api/devices/config': roles('none', 'support'),
  // Its read-only count first: the same scope, the same role (bulk-config-route.ts).
  'GET /api/devices/config/preview': roles('none', 'support'),
  'POST /api/devices/{id}/wipe': roles('device', 'support'),
  'POST /api/devices/{id}/identify': roles('device', 'support'),
  'POST /api/devices/{id}/restart': roles('device', 'support'),
  'POST /api/devices/{id}/hold': roles('device', 'support'),
  'GET /api/devices/citizens': roles('none', 'support'),
  // 2nd-line diagnostics (issue 12 §4): no personal data in them; support downloads, vendor support reads.
  'GET /api/diagnostics/devices/{id}': roles('device', 'support', 'vendor_support'),
  'GET /api/diagnostics/calls/{id}': roles('none', 'support', 'vendor_support'),
  // Also readable with a read-only alert token (no session; alerts/routes.ts), tested in alert-tokens.int.test.ts.
  'GET /api/alerts': roles('none', 'support', 'system_admin'),
  'POST /api/alerts/tokens': managers('none'),
  'GET /api/alerts/tokens': managers('none'),
  'POST /api/alerts/tokens/{id}/revoke': managers('alert-token'),
  // The municipality's settings (issue 12 §5): the system administrator alone.
  'GET /api/settings': roles('none', 'system_admin'),
  'PUT /api/settings': roles('none', 'system_admin'),
};

export function describeAccess(access: Access): string {
  switch (access.kind) {
    case 'public':
      return 'anyone';
    case 'login-step':
      return 'a login in progress';
    case 'credential':
      return "a citizen's device credential";
    case 'session':
      return 'any logged-in person (own account)';
    case 'roles':
      return access.roles.join(', ');
  }
}

/** Markdown for docs/security.md. */
export function authorizationMatrixMarkdown(): string {
  const rows = Object.entries(AUTHORIZATION_MATRIX).map(
    ([route, { access }]) => `| \`${route}\` | ${describeAccess(access)} |`,
  );
  return ['| route | who may call it |', '| --- | --- |', ...rows].join('\n');
}
