import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { ActionError, Section, TextField, useAction } from './parts.js';
import {
  importRoster,
  type PoolSettings,
  poolSettings,
  type RosterReport,
  savePoolSettings,
  type Unit,
} from './support-api.js';

/** Night-watch pools: routing settings, and roster import from CSV or iCalendar with a dry run. */
export function PoolsSection(props: { csrfToken: string; units: readonly Unit[] }) {
  const { t } = useI18n();
  const pools = props.units.filter((u) => u.kind === 'night_watch_pool');
  const [poolId, setPoolId] = useState(pools[0]?.id ?? '');
  if (pools.length === 0)
    return (
      <Section id="pools" icon="moon" title={t('pools.heading')}>
        <p>{t('pools.none')}</p>
      </Section>
    );
  return (
    <Section id="pools" icon="moon" title={t('pools.heading')}>
      <div class="field">
        <label for="pool-select">{t('pools.choose')}</label>
        <select id="pool-select" value={poolId} onChange={(e) => setPoolId(e.currentTarget.value)}>
          {pools.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <SettingsForm key={poolId} csrfToken={props.csrfToken} poolId={poolId} pools={pools} />
      <RosterImport key={`r-${poolId}`} csrfToken={props.csrfToken} poolId={poolId} />
    </Section>
  );
}

function SettingsForm(props: { csrfToken: string; poolId: string; pools: readonly Unit[] }) {
  const { t } = useI18n();
  const [settings, setSettings] = useState<PoolSettings | null>(null);
  const [saved, setSaved] = useState(false);
  const { busy, error, fields, run } = useAction();
  useEffect(() => {
    void run(async () => setSettings(await poolSettings(props.poolId)));
  }, [props.poolId]);
  if (!settings) return error ? <ActionError error={error} /> : <p role="status">{t('loading')}</p>;
  const set = (patch: Partial<PoolSettings>) => {
    setSaved(false);
    setSettings({ ...settings, ...patch });
  };
  const num = (v: string) => Math.max(0, Math.round(Number(v) || 0));
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      setSettings(await savePoolSettings(props.csrfToken, props.poolId, settings));
      setSaved(true);
    });
  };
  return (
    <form onSubmit={save} aria-labelledby="pool-settings-heading">
      <h3 id="pool-settings-heading">{t('pools.settings')}</h3>
      <fieldset class="choice">
        <legend>{t('pools.strategy')}</legend>
        {(['ring_all', 'longest_idle'] as const).map((s) => (
          <div class="check-field" key={s}>
            <input
              type="radio"
              id={`strategy-${s}`}
              name="strategy"
              checked={settings.strategy === s}
              onChange={() => set({ strategy: s })}
            />
            <label for={`strategy-${s}`}>{t(`pools.${s}`)}</label>
          </div>
        ))}
      </fieldset>
      <div class="field-row">
        <TextField
          id="ring-s"
          type="number"
          label={t('pools.memberRing')}
          value={String(settings.memberRingSeconds)}
          onInput={(v) => set({ memberRingSeconds: num(v) })}
        />
        <TextField
          id="answer-s"
          type="number"
          label={t('pools.answerTimeout')}
          value={String(settings.answerTimeoutSeconds)}
          onInput={(v) => set({ answerTimeoutSeconds: num(v) })}
        />
        <TextField
          id="queue-s"
          type="number"
          label={t('pools.queueTimeout')}
          value={String(settings.queueTimeoutSeconds)}
          onInput={(v) => set({ queueTimeoutSeconds: num(v) })}
        />
      </div>
      <div class="field">
        <label for="fallback-pool">{t('pools.fallbackPool')}</label>
        <select
          id="fallback-pool"
          value={settings.fallbackPoolUnitId ?? ''}
          onChange={(e) => set({ fallbackPoolUnitId: e.currentTarget.value || null })}
        >
          <option value="">{t('pools.noFallback')}</option>
          {props.pools
            .filter((p) => p.id !== props.poolId)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
        </select>
      </div>
      <TextField
        id="fallback-phone"
        type="tel"
        label={t('pools.fallbackPhone')}
        hint={t('pools.fallbackPhoneHint')}
        value={settings.fallbackPhone ?? ''}
        onInput={(v) => set({ fallbackPhone: v.trim() || null })}
      />
      <TextField
        id="alert-phone"
        type="tel"
        label={t('pools.alertPhone')}
        hint={t('pools.alertPhoneHint')}
        value={settings.alertPhone ?? ''}
        error={fields.alertPhone}
        onInput={(v) => set({ alertPhone: v.trim() || null })}
      />
      <button type="submit" class="button" aria-disabled={busy}>
        <Icon name="check" /> {t('pools.save')}
      </button>
      {saved && <Notice kind="success">{t('pools.saved')}</Notice>}
      <ActionError error={error} />
    </form>
  );
}

function RosterImport(props: { csrfToken: string; poolId: string }) {
  const { t } = useI18n();
  const [format, setFormat] = useState<'csv' | 'ical'>('csv');
  const [text, setText] = useState('');
  const [report, setReport] = useState<RosterReport | null>(null);
  const { busy, error, run } = useAction();
  const go = (dryRun: boolean) =>
    run(async () => {
      setReport(null);
      setReport(await importRoster(props.csrfToken, props.poolId, format, text, dryRun));
    });
  return (
    <section aria-labelledby="roster-import-heading">
      <h3 id="roster-import-heading">{t('roster.heading')}</h3>
      <p class="hint">{t('roster.hint')}</p>
      <div class="field">
        <label for="roster-format">{t('roster.format')}</label>
        <select
          id="roster-format"
          value={format}
          onChange={(e) => setFormat(e.currentTarget.value as 'csv' | 'ical')}
        >
          <option value="csv">CSV</option>
          <option value="ical">iCalendar (.ics)</option>
        </select>
      </div>
      <div class="field">
        <label for="roster-file">{t('roster.file')}</label>
        <input
          id="roster-file"
          type="file"
          accept=".csv,.ics,text/csv,text/calendar"
          onChange={(e) => void e.currentTarget.files?.[0]?.text().then(setText)}
        />
      </div>
      <div class="field">
        <label for="roster-text">{t('roster.text')}</label>
        <textarea
          id="roster-text"
          rows={6}
          spellcheck={false}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </div>
      <div class="actions">
        <button
          type="button"
          class="button button-secondary"
          aria-disabled={busy}
          onClick={() => void go(true)}
        >
          <Icon name="check" /> {t('import.dryRun')}
        </button>
        <button type="button" class="button" aria-disabled={busy} onClick={() => void go(false)}>
          <Icon name="arrowRight" /> {t('import.run')}
        </button>
      </div>
      <ActionError error={error} />
      {report && (
        <>
          <p role="status" data-testid="roster-report">
            {report.errors.length > 0
              ? t('import.nothingWritten', { count: report.errors.length })
              : t(report.written ? 'roster.written' : 'roster.dryRunOk', {
                  shifts: t('count.shifts', { count: report.shifts }),
                  cancelled: t('count.cancellations', { count: report.cancelled }),
                })}
          </p>
          {report.errors.length > 0 && (
            <table class="data-table" data-testid="roster-errors">
              <caption>{t('import.errorsCaption', { count: report.errors.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('roster.row')}</th>
                  <th scope="col">{t('import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e, i) => (
                  <tr key={`${e.row}-${i}`}>
                    <td>{e.row}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
