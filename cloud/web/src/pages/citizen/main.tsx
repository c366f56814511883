import { useEffect, useState } from 'preact/hooks';
import { isApiError } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { ActivationForm } from './activation-form.js';
import { codeFromAddress, type LoginResult, startSession } from './citizen-api.js';
import { CitizenHome } from './citizen-home.js';
import { FactorForm } from './factor-form.js';
import { registerServiceWorker } from './push.js';
import './citizen.css';
import { citizenStrings } from './strings.js';

/** Where the citizen is: the cloud decides (bound or not, which factor), this only follows its answers. */
type Step =
  | { kind: 'loading' }
  | { kind: 'activate' }
  | { kind: 'factor'; needs: 'pin' | 'totp' }
  | { kind: 'home'; csrfToken: string | undefined };

function next(result: LoginResult): Step {
  if (result.sessionStarted) return { kind: 'home', csrfToken: result.csrfToken };
  return result.needs ? { kind: 'factor', needs: result.needs } : { kind: 'activate' };
}

function CitizenPage() {
  const { t } = useI18n();
  const [code] = useState(() => codeFromAddress());
  const [step, setStep] = useState<Step>(code ? { kind: 'activate' } : { kind: 'loading' });

  useEffect(() => {
    // The letter's code is in the address: keep it out of history and bookmarks once read.
    if (code) history.replaceState(null, '', window.location.pathname);
    if (code) return;
    // A bound browser logs in by itself (its credential cookie); an unbound one gets 401 and the code form.
    startSession().then(
      (r) => setStep(next(r)),
      (e: unknown) =>
        setStep(isApiError(e) && e.reason === 'network' ? { kind: 'activate' } : { kind: 'activate' }),
    );
  }, []);

  if (step.kind === 'home') {
    return (
      <Layout title={t('home.title')} icon="heart">
        <CitizenHome csrfToken={step.csrfToken} />
      </Layout>
    );
  }
  return (
    <Layout title={t('title')} icon="heart">
      {step.kind === 'loading' && <p role="status">{t('home.loading')}</p>}
      {step.kind === 'activate' && (
        <>
          <p class="lead">{t('intro')}</p>
          <ActivationForm initialCode={code} onActivated={(r) => setStep(next(r))} />
        </>
      )}
      {step.kind === 'factor' && <FactorForm needs={step.needs} onResult={(r) => setStep(next(r))} />}
      <p class="lead">
        <Icon name="info" /> {t('help')}
      </p>
    </Layout>
  );
}

// The service worker serves the offline shell and rings a sleeping phone (public/citizen/sw.js).
void registerServiceWorker();
mountPage(citizenStrings, CitizenPage);
