import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { CaseDetail } from './case-detail.js';
import { type Cases, fetchCases, refer } from './manager-api.js';

/** Referral form: a citizen of the manager's units without an open case, and who referred (a role, ≤ 80). */
function ReferForm(props: { data: Cases; csrfToken: string; onReferred: () => void }) {
  const { t } = useI18n();
  const [citizenId, setCitizenId] = useState('');
  const [by, setBy] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  if (props.data.referable.length === 0) return <p>{t('cases.refer.none')}</p>;
  return (
    <form
      class="panel"
      onSubmit={(e) => {
        e.preventDefault();
        setError(undefined);
        refer(props.csrfToken, citizenId, by)
          .then(() => {
            setCitizenId('');
            setBy('');
            props.onReferred();
          })
          .catch(setError);
      }}
    >
      <h2>{t('cases.refer.heading')}</h2>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      <div class="field-row">
        <div class="field">
          <label for="refer-citizen">{t('cases.refer.citizen')}</label>
          <select
            id="refer-citizen"
            required
            value={citizenId}
            onChange={(e) => setCitizenId(e.currentTarget.value)}
          >
            <option value="">{t('cases.refer.choose')}</option>
            {props.data.referable.map((c) => (
              <option value={c.citizenId} key={c.citizenId}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="refer-by">{t('cases.refer.by')}</label>
          <input
            id="refer-by"
            required
            minLength={2}
            maxLength={80}
            aria-describedby="refer-by-help"
            value={by}
            onInput={(e) => setBy(e.currentTarget.value)}
          />
          <p id="refer-by-help" class="hint">
            {t('cases.refer.byHelp')}
          </p>
        </div>
      </div>
      <button type="submit" class="button">
        <Icon name="arrowRight" /> {t('cases.refer.submit')}
      </button>
    </form>
  );
}

/** The service cases the manager (or support) handles: stage, unit, device, next follow-up and what is overdue. */
export function CasesView(props: { csrfToken: string }) {
  const { t } = useI18n();
  const municipal = useMunicipalTime();
  const [data, setData] = useState<Cases | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [open, setOpen] = useState<string | null>(null);
  const load = () => fetchCases().then(setData, setError);
  useEffect(() => void load(), []);
  const selected = data?.cases.find((c) => c.id === open);
  return (
    <>
      <p>{t('cases.intro')}</p>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      {!data && error === undefined && <p role="status">{t('loading')}</p>}
      {data && <ReferForm data={data} csrfToken={props.csrfToken} onReferred={() => void load()} />}
      {data && data.cases.length === 0 && <p>{t('cases.none')}</p>}
      {data && data.cases.length > 0 && (
        <table class="data-table" data-testid="cases-table">
          <caption>{t('cases.list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cases.citizen')}</th>
              <th scope="col">{t('cases.stage')}</th>
              <th scope="col">{t('cases.unit')}</th>
              <th scope="col">{t('cases.device')}</th>
              <th scope="col">{t('cases.next')}</th>
              <th scope="col">{t('cases.flags')}</th>
            </tr>
          </thead>
          <tbody>
            {data.cases.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <button
                    type="button"
                    class="button button-small button-secondary"
                    aria-label={t('cases.open', { name: c.citizenName })}
                    aria-expanded={open === c.id}
                    onClick={() => setOpen(open === c.id ? null : c.id)}
                  >
                    {c.citizenName}
                  </button>
                </th>
                <td>{t(`stage.${c.stage}`)}</td>
                <td>{c.unitName ?? '–'}</td>
                <td>
                  {c.deviceChoice ? t(`device.${c.deviceChoice}`) : '–'}
                  {c.deviceLabel ? ` ${c.deviceLabel}` : ''}
                </td>
                <td>{c.nextEvaluationAt ? municipal(c.nextEvaluationAt, { dateStyle: 'long' }) : '–'}</td>
                <td>
                  {c.overdue
                    .map((f) => t(`flag.${f}`, { days: data.followUp.collectWithinDays }))
                    .join('; ') || '–'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && selected && (
        <CaseDetail
          key={selected.id}
          c={selected}
          options={data}
          csrfToken={props.csrfToken}
          onChanged={() => void load()}
        />
      )}
    </>
  );
}
