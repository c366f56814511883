import { useCallback, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { ownStartPage } from '../../shared/page-roles.js';
import { fetchSession, logout, type SessionInfo } from './auth-api.js';
import { CallDesk } from './call-desk.js';
import { IdleWarning } from './idle-warning.js';
import type { EndReason } from './idle-watch.js';
import type { LoggedOutNotice } from './login-form.js';
import { OwnPlanning } from './own-planning.js';
import { PasskeyPanel } from './passkey-panel.js';
import { StepHeading } from './step-parts.js';
import { useIdleWatch } from './use-idle-watch.js';

const ROLES = ['staff', 'unit_manager', 'support', 'vendor_support', 'system_admin'];

/**
 * The logged-in staff home. For those who call citizens (staff, unit managers) today's plan comes first: a carer
 * opens the page to see whom to call next. Who is logged in is one line above it, beside "Log ud"; the rest of the
 * account (name, username, role, "Log ud alle steder") is below the plan. Watches the idle timeout while open.
 */
export function StaffHome(props: {
  username: string | undefined;
  focus: boolean;
  onLoggedOut: (notice: LoggedOutNotice) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Bumped when the planning below changes a visit, so the call desk re-reads today's plan. */
  const [planVersion, setPlanVersion] = useState(0);
  const idle = useIdleWatch((reason: EndReason) => props.onLoggedOut(reason === 'locked' ? 'idle' : reason));
  const session = idle.state?.session;
  const role = session?.role && ROLES.includes(session.role) ? t(`role.${session.role}`) : session?.role;
  const calls = session?.role === 'staff' || session?.role === 'unit_manager';

  const end = async (everywhere: boolean) => {
    if (busy) return;
    setBusy(true);
    try {
      // A click before the idle watch has read the session (a slow machine) still logs out: read it now.
      const csrf = session?.csrfToken ?? (await fetchSession({ passive: true })).csrfToken;
      if (!csrf) {
        props.onLoggedOut('ended');
        return;
      }
      await logout(csrf, everywhere);
      props.onLoggedOut(everywhere ? 'everywhere' : 'self');
    } catch (e) {
      setError(errorMessage(e, t));
      setBusy(false);
    }
  };

  const stay = async () => {
    if (busy) return;
    setBusy(true);
    await idle.stayLoggedIn();
    setBusy(false);
  };

  // Stable across renders: the call desk's keep-alive timer must not restart on every countdown tick.
  const idleRef = useRef(idle);
  idleRef.current = idle;
  const keepAlive = useCallback(() => void idleRef.current.stayLoggedIn(), []);

  // Nothing below the bar until the session is read: which comes first, the plan or the account, depends on it.
  const account = session && (
    <Account
      session={session}
      username={props.username}
      role={role}
      busy={busy}
      focus={props.focus && !calls}
      onLogoutEverywhere={() => void end(true)}
    />
  );
  return (
    <>
      <div class="staff-bar">
        <p data-testid="signed-in-as">
          <Icon name="user" />{' '}
          {session
            ? t('gate.signedInAs', {
                name: session.displayName ?? props.username ?? '',
                role: (role ?? '').toLocaleLowerCase(),
              })
            : t('loading')}
        </p>
        <button
          class="button button-secondary"
          type="button"
          aria-disabled={busy}
          onClick={() => void end(false)}
        >
          <Icon name="power" /> {t('home.logout')}
        </button>
      </div>
      {error && <Notice kind="error">{error}</Notice>}
      {session && calls ? (
        <>
          <CallDesk
            csrfToken={session.csrfToken}
            keepAlive={keepAlive}
            planVersion={planVersion}
            focus={props.focus}
          />
          {session.csrfToken && (
            <OwnPlanning csrfToken={session.csrfToken} onChanged={() => setPlanVersion((n) => n + 1)} />
          )}
          {account}
        </>
      ) : (
        account
      )}
      {session?.csrfToken && <PasskeyPanel csrfToken={session.csrfToken} />}
      {idle.warning && (
        <IdleWarning
          seconds={idle.seconds}
          busy={busy}
          onStay={() => void stay()}
          onLogout={() => void end(false)}
        />
      )}
    </>
  );
}

/** Who is logged in, the way to one's own page (support, admin, managers), and "Log ud alle steder". */
function Account(props: {
  session: SessionInfo;
  username: string | undefined;
  role: string | undefined;
  busy: boolean;
  focus: boolean;
  onLogoutEverywhere: () => void;
}) {
  const { t } = useI18n();
  const { session, role } = props;
  const ownPage = session.role ? ownStartPage(session.role) : null;
  return (
    <section class="panel" aria-labelledby="home-heading">
      <StepHeading id="home-heading" icon="user" focus={props.focus}>
        {t('home.heading')}
      </StepHeading>
      <dl class="facts">
        {session.displayName && (
          <div>
            <dt>
              <Icon name="user" /> {t('home.name')}
            </dt>
            <dd data-testid="home-name">{session.displayName}</dd>
          </div>
        )}
        {props.username && (
          <div>
            <dt>
              <Icon name="user" /> {t('home.username')}
            </dt>
            <dd data-testid="home-username">{props.username}</dd>
          </div>
        )}
        <div>
          <dt>
            <Icon name="users" /> {t('home.role')}
          </dt>
          <dd data-testid="home-role">{role}</dd>
        </div>
      </dl>
      {ownPage && (
        <>
          <p>
            <a
              class="button"
              href={ownPage.href}
              data-testid="own-start-page"
              aria-describedby="own-page-hint"
            >
              <Icon name="arrowRight" /> {t(`home.ownPage.${ownPage.page}`)}
            </a>
          </p>
          <p id="own-page-hint" class="hint">
            {/* Mid-sentence the role is a common noun: "som systemadministrator". */}
            {t('home.ownPageHint', { role: (role ?? '').toLocaleLowerCase() })}
          </p>
        </>
      )}
      <div class="actions">
        <button
          class="button button-secondary"
          type="button"
          aria-disabled={props.busy}
          aria-describedby="everywhere-hint"
          onClick={props.onLogoutEverywhere}
        >
          <Icon name="globe" /> {t('home.logoutEverywhere')}
        </button>
      </div>
      <p id="everywhere-hint" class="hint">
        {t('home.logoutEverywhereHint')}
      </p>
    </section>
  );
}
