import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { ActionError, Section, useAction } from './parts.js';
import { listSupportAccounts, type SupportAccount } from './reset-access-api.js';
import { ResetAccessPanel } from './reset-access-panel.js';
import { accountResetOffer } from './staff-close.js';

/**
 * Supportkonti: the municipality's support workers, for 2nd line (and a support colleague) to give one who is
 * locked out her access back. Only the roles the cloud lets the viewer reset get a button (who-may-reset.ts); the
 * others say who resets them (accountResetOffer). The list is read again after a reset, so the row's "Adgang"
 * says the app is gone.
 */
export function SupportAccountsSection(props: {
  csrfToken: string;
  me: { id: string | null; role: string };
}) {
  const { t } = useI18n();
  const [accounts, setAccounts] = useState<readonly SupportAccount[] | null>(null);
  const { error, run } = useAction();
  const municipal = useMunicipalTime();
  const load = () => run(async () => setAccounts(await listSupportAccounts()));
  useEffect(() => void load(), []);
  const state = (a: SupportAccount) =>
    a.closed ? t('accounts.closed') : a.hasSecondFactor ? t('accounts.open') : t('accounts.noFactor');
  return (
    <Section id="accounts" icon="key" title={t('accounts.heading')}>
      <p>{t('accounts.intro')}</p>
      <ActionError error={error} />
      {accounts?.length === 0 && <p>{t('accounts.none')}</p>}
      {accounts?.map((a) => (
        <article key={a.id} aria-labelledby={`account-${a.id}`}>
          <h3 id={`account-${a.id}`}>{a.displayName}</h3>
          <dl class="facts">
            <dt>{t('accounts.username')}</dt>
            <dd>{a.username}</dd>
            <dt>{t('staff.role')}</dt>
            <dd>{t(`role.${a.role}`)}</dd>
            <dt>{t('accounts.state')}</dt>
            <dd>{state(a)}</dd>
            <dt>{t('accounts.lastLogin')}</dt>
            <dd>
              {a.lastLoginAt
                ? municipal(a.lastLoginAt, { dateStyle: 'long', timeStyle: 'short' })
                : t('accounts.never')}
            </dd>
          </dl>
          {accountResetOffer(a, props.me) === 'reset' ? (
            <ResetAccessPanel
              csrfToken={props.csrfToken}
              staffId={a.id}
              name={a.displayName}
              closed={a.closed}
              onDone={() => void load()}
            />
          ) : (
            <p class="hint">
              {accountResetOffer(a, props.me) === 'self' ? t('reset.notSelf') : t('reset.byOperator')}
            </p>
          )}
        </article>
      ))}
    </Section>
  );
}
