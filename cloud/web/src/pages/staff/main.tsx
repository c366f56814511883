import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { Notice } from '../../shared/notice.js';
import { StatusBox } from '../../shared/status-box.js';
import {
  type Factor,
  fetchSession,
  type LoginStep,
  openInvitation,
  takeInvitationToken,
} from './auth-api.js';
import { type LoggedOutNotice, LoginForm } from './login-form.js';
import { staffPageStrings } from './page-strings.js';
import { PasswordChange } from './password-change.js';
import { type PasswordStepReason, passwordStepReason } from './password-words.js';
import { RecoveryCodes } from './recovery-codes.js';
import { SecondFactor } from './second-factor.js';
import { StaffHome } from './staff-home.js';
import { TotpEnrolment } from './totp-enrolment.js';
import './staff.css';

/** Where the person is in the login; the server decides each next step, this only follows its answers. */
type Step =
  | { kind: 'loading' }
  | { kind: 'login'; notice?: LoggedOutNotice; inviteError?: string }
  | { kind: 'password'; csrfToken: string; reason: PasswordStepReason }
  | { kind: 'enrol'; csrfToken: string }
  | { kind: 'second'; csrfToken: string; factors: readonly Factor[] }
  | { kind: 'recovery'; codes: readonly string[] }
  | { kind: 'home' };

function afterPasswordStep(answer: LoginStep): Step {
  if (answer.stage === 'password_change') {
    return { kind: 'password', csrfToken: answer.csrfToken, reason: passwordStepReason(answer) };
  }
  if (answer.stage === 'full') return { kind: 'home' };
  if (answer.enrolmentRequired) return { kind: 'enrol', csrfToken: answer.csrfToken };
  return { kind: 'second', csrfToken: answer.csrfToken, factors: answer.factors };
}

function StaffPage() {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'loading' });
  const username = useRef<string | undefined>(undefined);
  // Focus follows the step only once the person has done something (not on page load).
  const moved = useRef(false);
  const go = (next: Step) => {
    moved.current = true;
    setStep(next);
  };

  useEffect(() => {
    const invitation = takeInvitationToken(window.location);
    if (invitation) {
      // Issue 12 §1: an invitation opens the first-password step; the token leaves the address bar at once.
      history.replaceState(null, '', window.location.pathname + window.location.search);
      openInvitation(invitation).then(
        (answer) => setStep({ kind: 'password', csrfToken: answer.csrfToken, reason: 'invited' }),
        (e: unknown) => setStep({ kind: 'login', inviteError: errorMessage(e, t) }),
      );
      return;
    }
    // Opening the page is activity: an ordinary (not passive) call.
    fetchSession({ passive: false }).then(
      (s) => {
        // After a reload the session names the username (the login form that typed it is gone).
        if (s.authenticated && s.kind === 'staff') username.current = s.username;
        setStep(s.authenticated && s.kind === 'staff' ? { kind: 'home' } : { kind: 'login' });
      },
      () => setStep({ kind: 'login' }),
    );
  }, []);

  const focus = moved.current;
  const title = step.kind === 'home' ? t('home.title') : t('title');
  return (
    <Layout title={title} icon="user">
      {step.kind !== 'home' && <p>{t('intro')}</p>}
      {step.kind === 'loading' && <p role="status">{t('loading')}</p>}
      {step.kind === 'login' && step.inviteError && (
        <Notice kind="error">
          <p>{t('invite.failed')}</p>
          <p data-testid="invite-error">{step.inviteError}</p>
        </Notice>
      )}
      {step.kind === 'login' && (
        <LoginForm
          focus={focus}
          notice={step.notice}
          onStep={(answer, name) => {
            username.current = name;
            go(afterPasswordStep(answer));
          }}
        />
      )}
      {step.kind === 'password' && (
        <PasswordChange
          csrfToken={step.csrfToken}
          focus={focus}
          reason={step.reason}
          onStep={(a) => go(afterPasswordStep(a))}
        />
      )}
      {step.kind === 'enrol' && (
        <TotpEnrolment
          csrfToken={step.csrfToken}
          focus={focus}
          onConfirmed={(r) => go({ kind: 'recovery', codes: r.recoveryCodes })}
        />
      )}
      {step.kind === 'recovery' && (
        <RecoveryCodes codes={step.codes} focus={focus} onContinue={() => go({ kind: 'home' })} />
      )}
      {step.kind === 'second' && (
        <SecondFactor
          csrfToken={step.csrfToken}
          factors={step.factors}
          focus={focus}
          onDone={() => go({ kind: 'home' })}
        />
      )}
      {step.kind === 'home' && (
        <StaffHome
          username={username.current}
          focus={focus}
          onLoggedOut={(notice) => {
            username.current = undefined;
            go({ kind: 'login', notice });
          }}
        />
      )}
      {step.kind !== 'home' && <StatusBox />}
    </Layout>
  );
}

mountPage(staffPageStrings, StaffPage);
