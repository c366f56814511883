import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { ActivationForm } from './activation-form.js';
import { codeFromAddress, fetchHelpPhone, startSession } from './citizen-api.js';
import { CitizenHome } from './citizen-home.js';
import { FactorForm } from './factor-form.js';
import { registerServiceWorker } from './push.js';
import { next, pageText, type Step } from './steps.js';
import './citizen.css';
import { citizenStrings } from './strings.js';

/**
 * "Brug for hjælp?" with the municipality's number when it has set one (admin settings), as a link a phone
 * dials. Read by each screen's own line: after login the cloud knows whose municipality it is.
 */
function HelpLine() {
  const { t } = useI18n();
  const [phone, setPhone] = useState<string | null>(null);
  useEffect(() => {
    void fetchHelpPhone().then(setPhone);
  }, []);
  return (
    <p class="lead help-line" data-testid="help-line">
      <Icon name="info" />{' '}
      {phone ? (
        <>
          {t('helpCall')}{' '}
          <a href={`tel:${phone.replace(/ /g, '')}`}>
            <strong>{phone}</strong>
          </a>
        </>
      ) : (
        t('help')
      )}
    </p>
  );
}

function CitizenPage() {
  const { t } = useI18n();
  const [code, setCode] = useState(() => codeFromAddress());
  const [step, setStep] = useState<Step>(code ? { kind: 'activate', worked: false } : { kind: 'loading' });

  useEffect(() => {
    // The letter's code is in the address: keep it out of history and bookmarks once read.
    if (code) history.replaceState(null, '', window.location.pathname);
    if (code) return;
    // A bound browser logs in by itself (its credential cookie); an unbound one gets 401 and the code form.
    startSession().then(
      (r) => setStep(next(r)),
      // Unbound (401) or unreachable alike: the code form, which says what went wrong when it is sent.
      () => setStep({ kind: 'activate', worked: false }),
    );
  }, []);

  const text = pageText(step);
  if (step.kind === 'home') {
    return (
      <Layout title={t(text.title)} icon="heart">
        <CitizenHome
          csrfToken={step.csrfToken}
          onLogin={(r) => {
            // Back at the code form (support revoked this browser): the letter's code is spent, so the
            // form starts empty instead of with the old code from the address the page was opened with.
            if (!r.sessionStarted) setCode('');
            // Once she has logged out, the closing socket's re-login (401) does not replace "Du er logget ud".
            setStep((current) => (current.kind === 'loggedOut' ? current : next(r)));
          }}
          onLoggedOut={() => {
            setCode('');
            setStep({ kind: 'loggedOut' });
          }}
        />
        <HelpLine />
      </Layout>
    );
  }
  return (
    <Layout title={t(text.title)} icon="heart">
      {step.kind === 'loading' && <p role="status">{t('home.loading')}</p>}
      {step.kind === 'loggedOut' && (
        <div class="logged-out" data-testid="logged-out">
          <p class="lead" role="status">
            <Icon name="check" /> {t('loggedOut.text')}
          </p>
          <p class="lead">{t('loggedOut.again')}</p>
          <button
            type="button"
            class="button button-secondary"
            onClick={() => setStep({ kind: 'activate', worked: false })}
          >
            {t('loggedOut.newCode')}
          </button>
        </div>
      )}
      {step.kind === 'activate' && (
        <>
          {text.intro && <p class="lead">{t(text.intro)}</p>}
          <ActivationForm
            initialCode={code}
            onWorked={() => setStep({ kind: 'activate', worked: true })}
            onActivated={(r) => setStep(next(r))}
          />
        </>
      )}
      {step.kind === 'factor' && <FactorForm needs={step.needs} onResult={(r) => setStep(next(r))} />}
      <HelpLine />
    </Layout>
  );
}

// The service worker serves the offline shell and rings a sleeping phone (public/citizen/sw.js).
void registerServiceWorker();
mountPage(citizenStrings, CitizenPage);
