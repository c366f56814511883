import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browserResumeStore, forgetResume } from '../../shared/call/call-resume.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { ownStartPage, rolesPhrase } from '../../shared/page-roles.js';
import { type Factor, fetchSession, type LoginStep, logout, type SessionInfo } from '../staff/auth-api.js';
import { type LoggedOutNotice, LoginForm } from '../staff/login-form.js';
import { PasswordChange } from '../staff/password-change.js';
import { type PasswordStepReason, passwordStepReason } from '../staff/password-words.js';
import { RecoveryCodes } from '../staff/recovery-codes.js';
import { SecondFactor } from '../staff/second-factor.js';
import { TotpEnrolment } from '../staff/totp-enrolment.js';
import { IdleGuard } from './idle-guard.js';
import '../staff/staff.css';

/**
 * The staff login of /staff/, embedded: the night-watch console and the support screens use the very same
 * login components and server steps, so there is no redirect to /staff/ and back (no "next" URL to validate,
 * nothing to lose on the way). Needs the staff strings merged into the page's own (see gateStrings).
 */
type Step =
  | { kind: 'loading' }
  | { kind: 'login'; notice?: LoggedOutNotice }
  | { kind: 'password'; csrfToken: string; reason: PasswordStepReason }
  | { kind: 'enrol'; csrfToken: string }
  | { kind: 'second'; csrfToken: string; factors: readonly Factor[] }
  | { kind: 'recovery'; codes: readonly string[] }
  | { kind: 'in'; session: SessionInfo; locked: boolean };

export type FullSession = SessionInfo & { csrfToken: string; role: string };

function afterPassword(answer: LoginStep): Step | 'full' {
  if (answer.stage === 'password_change') {
    return { kind: 'password', csrfToken: answer.csrfToken, reason: passwordStepReason(answer) };
  }
  if (answer.stage === 'full') return 'full';
  if (answer.enrolmentRequired) return { kind: 'enrol', csrfToken: answer.csrfToken };
  return { kind: 'second', csrfToken: answer.csrfToken, factors: answer.factors };
}

const isFull = (s: SessionInfo): s is FullSession =>
  s.authenticated && s.kind === 'staff' && typeof s.csrfToken === 'string' && typeof s.role === 'string';
/** An on-duty console's session locked by idleness (issue 10 §1): no name, but the CSRF token and the role. */
const isLocked = (s: SessionInfo): s is FullSession =>
  s.locked === true && s.kind === 'staff' && typeof s.csrfToken === 'string' && typeof s.role === 'string';

/** The roles the staff strings name (role.*); any other is shown as the cloud sent it. */
const KNOWN_ROLES: readonly string[] = ['staff', 'unit_manager', 'support', 'vendor_support', 'system_admin'];

export interface GateValue {
  readonly session: FullSession;
  /** Back to the login form, with a notice saying why. */
  readonly signOut: (notice: LoggedOutNotice) => void;
  /** Reads the session again (after a console switch the cookie belongs to someone else). */
  readonly reload: () => Promise<void>;
}

export function StaffGate(props: {
  /** Roles that may use the page; anyone else logged in sees a plain refusal. */
  roles: readonly string[];
  /**
   * The page can show a lock screen (the night-watch console): a session that is LOCKED when the page loads
   * (a reload, a crashed tab) opens locked, still ringing, instead of at the login (issue 10 §1).
   */
  lockable?: boolean;
  children: (gate: GateValue) => ComponentChildren;
}) {
  const { t, language } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  const moved = useRef(false);
  const go = (next: Step) => {
    moved.current = true;
    setStep(next);
  };
  const load = (notice?: LoggedOutNotice): Promise<void> =>
    fetchSession({ passive: false }).then(
      (s) =>
        setStep(
          isFull(s)
            ? { kind: 'in', session: s, locked: false }
            : props.lockable && isLocked(s)
              ? { kind: 'in', session: s, locked: true }
              : { kind: 'login', ...(notice ? { notice } : {}) },
        ),
      () => setStep({ kind: 'login', ...(notice ? { notice } : {}) }),
    );
  const full = () => {
    moved.current = true;
    void load();
  };
  useEffect(() => {
    void load();
  }, []);
  // At the login there is nobody whose call a reload could resume: a page that came back without its session
  // (expired, logged out elsewhere) must not offer the next person at this shared computer the last call.
  useEffect(() => {
    if (step.kind === 'login') forgetResume(browserResumeStore());
  }, [step.kind]);

  const focus = moved.current;
  switch (step.kind) {
    case 'loading':
      return <p role="status">{t('loading')}</p>;
    case 'login':
      return (
        <LoginForm
          focus={focus}
          notice={step.notice}
          onStep={(answer) => {
            const next = afterPassword(answer);
            if (next === 'full') full();
            else go(next);
          }}
        />
      );
    case 'password':
      return (
        <PasswordChange
          csrfToken={step.csrfToken}
          focus={focus}
          reason={step.reason}
          onStep={(a) => {
            const next = afterPassword(a);
            if (next === 'full') full();
            else go(next);
          }}
        />
      );
    case 'enrol':
      return (
        <TotpEnrolment
          csrfToken={step.csrfToken}
          focus={focus}
          onConfirmed={(r) => go({ kind: 'recovery', codes: r.recoveryCodes })}
        />
      );
    case 'recovery':
      return <RecoveryCodes codes={step.codes} focus={focus} onContinue={full} />;
    case 'second':
      return <SecondFactor csrfToken={step.csrfToken} factors={step.factors} focus={focus} onDone={full} />;
    case 'in': {
      const session = step.session as FullSession;
      // Who is logged in, in which role, and a way out: the refusal alone was a dead end on a shared computer
      // (a colleague found the night-watch console refusing someone else's login, with no "Log ud" on it),
      // and "kun for personale" told a system administrator, who is staff, nothing about why.
      if (!props.roles.includes(session.role)) {
        // Where this role does work, when it has a page of its own (page-roles.ts): nina.vestergaard refused on
        // /dashboard/ was told whom the page is for, but not that her kiosks are on Support (suptour walk).
        const own = ownStartPage(session.role);
        return (
          <>
            <Notice kind="error">
              <p data-testid="wrong-role">
                <Icon name="lock" />{' '}
                {t('gate.wrongRole', {
                  roles: rolesPhrase(props.roles, (r) => t(`gate.for.${r}`), language),
                })}
              </p>
              <p data-testid="wrong-role-who">
                {t('gate.signedInAs', {
                  name: session.displayName ?? '',
                  role: KNOWN_ROLES.includes(session.role) ? t(`role.${session.role}`) : session.role,
                })}
              </p>
            </Notice>
            <button
              type="button"
              class="button button-secondary"
              onClick={() => {
                // Logged out or not (the session may have expired already), the login form comes back.
                void logout(session.csrfToken, false)
                  .catch(() => null)
                  .then(() => go({ kind: 'login' }));
              }}
            >
              <Icon name="lock" /> {t('gate.logOutToSwitch')}
            </button>
            {own && (
              <p>
                <a class="button" href={own.href}>
                  <Icon name="arrowRight" /> {t(`home.ownPage.${own.page}`)}
                </a>
              </p>
            )}
          </>
        );
      }
      const signOut = (notice?: LoggedOutNotice) => go({ kind: 'login', ...(notice ? { notice } : {}) });
      // Keyed by the session: after "Skift person" (also from the lock screen) the new person's session starts
      // unlocked with a watch of its own; the lock of the one before must not carry over.
      return (
        <IdleGuard
          key={session.csrfToken}
          csrfToken={session.csrfToken}
          signOut={signOut}
          initiallyLocked={step.locked}
          unlockPin={session.unlockPin === true}
          unlockPasskey={session.unlockPasskey === true}
          onUnlocked={() => void load()}
        >
          {props.children({ session, signOut, reload: load })}
        </IdleGuard>
      );
    }
  }
}
