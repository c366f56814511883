import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { logout } from '../staff/auth-api.js';
import { IdleWarning } from '../staff/idle-warning.js';
import type { LoggedOutNotice } from '../staff/login-form.js';
import { useIdleWatch } from '../staff/use-idle-watch.js';

/**
 * The customer's rule "staff are logged out after X minutes idle" holds on every staff screen, the night-watch
 * console and the support pages included: their background refreshes are passive, so only a person's own
 * actions keep the session, and this guard shows the same warning as the staff console before the logout.
 */
export function IdleGuard(props: {
  csrfToken: string;
  signOut: (notice: LoggedOutNotice) => void;
  children: ComponentChildren;
}) {
  const [busy, setBusy] = useState(false);
  const idle = useIdleWatch((reason) => props.signOut(reason));
  const stay = async () => {
    setBusy(true);
    await idle.stayLoggedIn();
    setBusy(false);
  };
  const leave = async () => {
    setBusy(true);
    await logout(props.csrfToken, false).catch(() => null);
    props.signOut('self');
  };
  return (
    <>
      {props.children}
      {idle.warning && (
        <IdleWarning
          seconds={idle.seconds}
          busy={busy}
          onStay={() => void stay()}
          onLogout={() => void leave()}
        />
      )}
    </>
  );
}
