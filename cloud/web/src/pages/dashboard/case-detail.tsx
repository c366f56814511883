import { useState } from 'preact/hooks';
import { errorMessage } from '../../shared/api.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { type Said, said } from '../../shared/said.js';
import { useSay } from '../../shared/said-notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { type Case, type Cases, deviceCollected, moveCase, type Step } from './manager-api.js';

type Choice = { name: string; label: string; options: readonly { value: string; label: string }[] };

/** One step's form: a few choices (selects, never free text: minimum data) and one button named by the step. */
function StepForm(props: {
  step: Step;
  choices: readonly Choice[];
  warning?: string;
  onSubmit: (values: Record<string, string>) => void;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<string, string>>(
    Object.fromEntries(props.choices.map((c) => [c.name, c.options[0]?.value ?? ''])),
  );
  return (
    <form
      class="panel step-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit(values);
      }}
    >
      <fieldset>
        <legend>{t(`step.${props.step}`)}</legend>
        <div class="field-row">
          {props.choices.map((c) => (
            <div class="field" key={c.name}>
              <label for={`${props.step}-${c.name}`}>{c.label}</label>
              <select
                id={`${props.step}-${c.name}`}
                value={values[c.name]}
                onChange={(e) => setValues({ ...values, [c.name]: e.currentTarget.value })}
              >
                {c.options.map((o) => (
                  <option value={o.value} key={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
        {props.warning && <p class="warning">{props.warning}</p>}
        <button type="submit" class={`button${props.step === 'end' ? ' button-danger' : ''}`}>
          <Icon name={props.step === 'end' ? 'power' : 'check'} /> {t(`step.${props.step}`)}
        </button>
      </fieldset>
    </form>
  );
}

/** The selected case: what happened so far, and a form for each step the transition table allows now. */
export function CaseDetail(props: { c: Case; options: Cases; csrfToken: string; onChanged: () => void }) {
  const { t } = useI18n();
  const { c } = props;
  const [error, setError] = useState<unknown>(undefined);
  /** The answer to the last step, translated as it is shown (shared/said.ts), so it follows a change of language. */
  const [answer, setAnswer] = useState<Said | null>(null);
  const say = useSay();
  const municipal = useMunicipalTime();
  const date = (iso: string) => municipal(iso, { dateStyle: 'long' });
  const opts = (prefix: string, values: readonly string[]) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  const yesNo = [
    { value: 'true', label: t('form.yes') },
    { value: 'false', label: t('form.no') },
  ];
  const kiosks = props.options.lentDevices.filter((d) => d.citizenId === c.citizenId);
  const send = (event: Record<string, unknown>) => {
    setError(undefined);
    moveCase(props.csrfToken, c.id, event)
      .then((ended) => {
        setAnswer(
          ended
            ? said('case.endedResult', {
                count: ended.relationsClosed,
                wipe: { said: said(`wipe.${ended.deviceWipe ?? 'none'}`) },
              })
            : said('case.saved'),
        );
        props.onChanged();
      })
      .catch(setError);
  };
  const forms: Record<Step, () => preact.JSX.Element | null> = {
    assess: () => (
      <StepForm
        step="assess"
        choices={[
          {
            name: 'scenario',
            label: t('form.scenario'),
            options: opts('scenario', ['home_care', 'home_guidance', 'facility']),
          },
          {
            name: 'deviceChoice',
            label: t('form.device'),
            options: opts('device', ['own_device', 'loan_kiosk']),
          },
        ]}
        onSubmit={(v) => send({ type: 'assess', ...v })}
      />
    ),
    assign: () => (
      <StepForm
        step="assign"
        choices={[
          {
            name: 'unitId',
            label: t('form.unit'),
            options: props.options.units.map((u) => ({ value: u.id, label: u.name })),
          },
        ]}
        onSubmit={(v) => send({ type: 'assign', unitId: v.unitId })}
      />
    ),
    install: () =>
      c.deviceChoice === 'loan_kiosk' && kiosks.length === 0 ? (
        <Notice kind="info">{t('form.noKiosk')}</Notice>
      ) : (
        <StepForm
          step="install"
          choices={
            c.deviceChoice === 'loan_kiosk'
              ? [
                  {
                    name: 'deviceId',
                    label: t('form.kiosk'),
                    options: kiosks.map((d) => ({ value: d.deviceId, label: d.label })),
                  },
                ]
              : []
          }
          onSubmit={(v) => send({ type: 'install', deviceId: v.deviceId ?? null })}
        />
      ),
    evaluate: () => (
      <StepForm
        step="evaluate"
        choices={[
          { name: 'used', label: t('form.used'), options: yesNo },
          { name: 'helps', label: t('form.helps'), options: yesNo },
          {
            name: 'decision',
            label: t('form.decision'),
            options: opts('decision', ['continue', 'change', 'end']),
          },
        ]}
        onSubmit={(v) =>
          send({ type: 'evaluate', used: v.used === 'true', helps: v.helps === 'true', decision: v.decision })
        }
      />
    ),
    end: () => (
      <StepForm
        step="end"
        choices={[
          {
            name: 'reason',
            label: t('form.reason'),
            options: opts('reason', ['evaluation', 'not_needed', 'declined', 'moved', 'deceased', 'other']),
          },
        ]}
        warning={t('form.endWarning')}
        onSubmit={(v) => send({ type: 'end', reason: v.reason })}
      />
    ),
  };
  return (
    <section class="panel dash-section" aria-labelledby="case-h" data-testid="case-detail">
      <h2 id="case-h">{t('case.heading', { name: c.citizenName })}</h2>
      <p role="status">{answer && say(answer)}</p>
      {error !== undefined && <Notice kind="error">{errorMessage(error, t)}</Notice>}
      <ul>
        <li>
          <strong>{t(`stage.${c.stage}`)}</strong>
        </li>
        <li>{t('case.referred', { date: date(c.referredAt), by: c.referredBy })}</li>
        {c.scenario && c.deviceChoice && (
          <li>
            {t(`scenario.${c.scenario}`)}, {t(`device.${c.deviceChoice}`)}
            {c.deviceLabel ? ` (${c.deviceLabel})` : ''}
          </li>
        )}
        {c.unitName && <li>{c.unitName}</li>}
        {c.installedAt && <li>{t('case.installed', { date: date(c.installedAt) })}</li>}
        {c.installedAt && (
          <li>
            {c.firstConnectedCallAt
              ? t('case.firstCall', { date: date(c.firstConnectedCallAt) })
              : t('case.noFirstCall')}
          </li>
        )}
        {c.installedAt && <li>{t('case.evaluations', { count: c.evaluationsDone })}</li>}
        {c.endedAt && <li>{t('case.ended', { date: date(c.endedAt) })}</li>}
        {c.deviceReturnedAt && <li>{t('case.deviceReturned', { date: date(c.deviceReturnedAt) })}</li>}
        {c.overdue.map((f) => (
          <li key={f} class="overdue">
            <Icon name="alert" /> {t(`flag.${f}`, { days: props.options.followUp.collectWithinDays })}
          </li>
        ))}
      </ul>
      {c.allowed.map((s) => (
        <div key={s}>{forms[s]()}</div>
      ))}
      {c.stage === 'ended' && c.deviceId && !c.deviceReturnedAt && (
        <button
          type="button"
          class="button"
          onClick={() => void deviceCollected(props.csrfToken, c.id).then(props.onChanged, setError)}
        >
          <Icon name="check" /> {t('case.collected')}
        </button>
      )}
    </section>
  );
}
