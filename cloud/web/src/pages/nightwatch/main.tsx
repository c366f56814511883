import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Layout } from '../../shared/layout.js';
import { mountPage } from '../../shared/mount.js';
import { StatusBox } from '../../shared/status-box.js';
import { nightwatchStrings } from './strings.js';

/** A switch (WAI-ARIA APG "switch" pattern): one button whose aria-checked says on or off. Local only for now. */
function DutyToggle() {
  const { t } = useI18n();
  const [onDuty, setOnDuty] = useState(false);
  return (
    <section class="panel" aria-labelledby="duty-heading">
      <h2 id="duty-heading">
        <Icon name="power" /> {t('duty.heading')}
      </h2>
      <button
        type="button"
        role="switch"
        aria-checked={onDuty}
        class={onDuty ? 'button button-huge' : 'button button-huge button-secondary'}
        onClick={() => setOnDuty((v) => !v)}
      >
        <Icon name={onDuty ? 'check' : 'power'} size={32} /> {t('duty.toggle')}
      </button>
      <p role="status" class="duty-state">
        <strong>{onDuty ? t('duty.on') : t('duty.off')}</strong>
      </p>
      <p class="hint">{t('duty.shell')}</p>
    </section>
  );
}

function NightwatchPage() {
  const { t } = useI18n();
  return (
    <Layout title={t('title')} icon="moon">
      <p>{t('intro')}</p>
      <DutyToggle />
      <section class="panel" aria-labelledby="pool-heading">
        <h2 id="pool-heading">
          <Icon name="users" /> {t('pool.heading')}
        </h2>
        <p>{t('pool.empty')}</p>
        <StatusBox headingLevel={3} />
      </section>
    </Layout>
  );
}

mountPage(nightwatchStrings, NightwatchPage);
