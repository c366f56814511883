import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { changeExpiredPassword, type LoginStep } from './auth-api.js';
import { PASSWORD_STEP_WORDS, type PasswordStepReason } from './password-words.js';
import { StepHeading, useStepAction } from './step-parts.js';

/** Mirrors the server's first rule only; the rest (common words, your name, history) only the server can judge. */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Choose a password before the second factor (see PasswordStepReason). The policy is spelt out before typing
 * (WCAG 3.3.2 labels or instructions); a refusal shows the server's reason.
 */
export function PasswordChange(props: {
  csrfToken: string;
  focus: boolean;
  reason: PasswordStepReason;
  onStep: (step: LoginStep) => void;
}) {
  const words = PASSWORD_STEP_WORDS[props.reason];
  const first = words.current === null;
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [local, setLocal] = useState<string | null>(null);
  const { busy, error, run } = useStepAction('other');

  const submit = (event: Event) => {
    event.preventDefault();
    const problem =
      (!first && !current) || !next
        ? t(words.missing)
        : [...next].length < MIN_PASSWORD_LENGTH
          ? t('password.tooShort')
          : null;
    setLocal(problem);
    if (problem) return;
    void run(async () => {
      props.onStep(await changeExpiredPassword(props.csrfToken, first ? null : current, next));
    });
  };

  const message = local ?? error;
  return (
    <form class="panel" onSubmit={submit} noValidate aria-labelledby="password-heading">
      <StepHeading id="password-heading" icon="lock" focus={props.focus}>
        {t(words.heading)}
      </StepHeading>
      <p>{t(words.intro)}</p>
      <div id="password-rules">
        <p>
          <strong>{t('password.rulesHeading')}</strong>
        </p>
        <ul class="rules">
          <li>{t('password.rule.length')}</li>
          <li>{t('password.rule.common')}</li>
          <li>{t('password.rule.name')}</li>
          <li>{t('password.rule.old')}</li>
        </ul>
        <p class="hint">{t('password.tip')}</p>
      </div>
      {words.current !== null && (
        <div class="field">
          <label for="current-password">
            <Icon name="lock" /> {t(words.current)}
          </label>
          <input
            id="current-password"
            name="current-password"
            type="password"
            autocomplete="current-password"
            aria-invalid={message !== null && !current}
            value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)}
          />
        </div>
      )}
      <div class="field">
        <label for="new-password">
          <Icon name="key" /> {t('password.next')}
        </label>
        <input
          id="new-password"
          name="new-password"
          type="password"
          autocomplete="new-password"
          aria-describedby={message ? 'password-rules password-error' : 'password-rules'}
          aria-invalid={message !== null}
          value={next}
          onInput={(e) => setNext(e.currentTarget.value)}
        />
      </div>
      <button class="button" type="submit" aria-disabled={busy}>
        <Icon name="check" /> {busy ? t('busy') : t(words.submit)}
      </button>
      <div id="password-error">
        {message && (
          <Notice kind="error">
            <p>{t('password.refused')}</p>
            <p data-testid="problem-detail">{message}</p>
          </Notice>
        )}
      </div>
    </form>
  );
}
