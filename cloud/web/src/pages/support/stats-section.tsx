import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { formatCalendarDate, weekLabeller } from '../../shared/week-number.js';
import { ActionError, isoDate, Section, TextField, useAction } from './parts.js';
import { statsCsvUrl, type WeeklyStat, weeklyStats } from './support-api.js';

/** Weekly evaluation figures per unit, and the same as a CSV download (GET /api/stats/weekly(.csv)). */
export function StatsSection(props: { now?: Date }) {
  const { t, language } = useI18n();
  const now = props.now ?? new Date();
  const [from, setFrom] = useState(isoDate(new Date(now.getTime() - 28 * 86_400_000)));
  const [to, setTo] = useState(isoDate(now));
  const [rows, setRows] = useState<WeeklyStat[] | null>(null);
  // The period the table was fetched for: the caption must not follow the date fields as they are edited.
  const [shown, setShown] = useState<{ from: string; to: string } | null>(null);
  const { busy, error, run } = useAction();
  const show = () =>
    run(async () => {
      setRows(await weeklyStats(from, to));
      setShown({ from, to });
    });
  return (
    <Section id="stats" icon="activity" title={t('stats.heading')}>
      <p>{t('stats.intro')}</p>
      <div class="field-row">
        <TextField id="stats-from" label={t('stats.from')} type="date" value={from} onInput={setFrom} />
        <TextField id="stats-to" label={t('stats.to')} type="date" value={to} onInput={setTo} />
      </div>
      <div class="actions">
        <button
          type="button"
          class="button button-secondary"
          aria-disabled={busy}
          onClick={() => void show()}
        >
          <Icon name="activity" /> {t('stats.show')}
        </button>
        <a class="button" href={statsCsvUrl(from, to)} download>
          <Icon name="arrowRight" /> {t('stats.download')}
        </a>
      </div>
      <ActionError error={error} />
      {rows && rows.length === 0 && <p>{t('stats.none')}</p>}
      {rows && rows.length > 0 && (
        <StatsTable rows={rows} from={shown?.from ?? from} to={shown?.to ?? to} language={language} />
      )}
    </Section>
  );
}

/** "uge 46" (the year too when the period spans two years) and Danish dates, as on the dashboard. */
function StatsTable(props: { rows: readonly WeeklyStat[]; from: string; to: string; language: 'da' | 'en' }) {
  const { t } = useI18n();
  const { rows, language } = props;
  const week = weekLabeller(
    rows.map((r) => r.isoWeek),
    language,
  );
  return (
    <table class="data-table" data-testid="stats-table">
      <caption>
        {t('stats.caption', {
          from: formatCalendarDate(props.from, language),
          to: formatCalendarDate(props.to, language),
        })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('stats.unit')}</th>
          <th scope="col">{t('stats.week')}</th>
          <th scope="col">{t('stats.planned')}</th>
          <th scope="col">{t('stats.completed')}</th>
          <th scope="col">{t('stats.noAnswer')}</th>
          <th scope="col">{t('stats.minutes')}</th>
          <th scope="col">{t('stats.saved')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.unitId}-${r.isoWeek}`}>
            <td>{r.unitName}</td>
            <td class="week-cell">{week(r.isoWeek)}</td>
            <td>{r.planned}</td>
            <td>{r.completed}</td>
            <td>{r.noAnswer}</td>
            <td>{Math.round(r.totalCallSeconds / 60)}</td>
            <td>{r.estimatedMinutesSaved}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
