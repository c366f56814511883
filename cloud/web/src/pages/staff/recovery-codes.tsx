import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { StepHeading } from './step-parts.js';

/** Shown once, right after enrolment: the server keeps only hashes, so these can never be shown again. */
export function RecoveryCodes(props: { codes: readonly string[]; focus: boolean; onContinue: () => void }) {
  const { t } = useI18n();
  return (
    <section class="panel" aria-labelledby="recovery-heading">
      <StepHeading id="recovery-heading" icon="key" focus={props.focus}>
        {t('recovery.heading')}
      </StepHeading>
      <Notice kind="info">
        <p>
          <strong>{t('recovery.writeDown')}</strong>
        </p>
        <p>{t('recovery.why')}</p>
      </Notice>
      <ol class="recovery-codes" data-testid="recovery-codes">
        {props.codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <button class="button" type="button" onClick={props.onContinue}>
        <Icon name="check" /> {t('recovery.continue')}
      </button>
    </section>
  );
}
