import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { formatClockTime } from '../../shared/municipal-date.js';
import { type Said, said } from '../../shared/said.js';
import { SaidNotice, useSay } from '../../shared/said-notice.js';
import { ZoneHint } from '../../shared/zone-hint.js';
import { failureText } from './action-failure.js';
import { NewVisitForm } from './new-visit-form.js';
import { ActionError, isoDate, Section, TextField, UserMessage, useAction } from './parts.js';
import { cancelVisit, dayOf, moveVisit, type PlannedSlot } from './planning-api.js';
import type { Unit } from './support-api.js';
import { pastProblem, pastVisit, suggestedVisit, type VisitProblem } from './visit-time.js';
import './forms.css';

/**
 * The planning screen (issue 12 §6): one day's visits with move and cancel, and a form for a new visit or a
 * recurring series. Whether the citizen is online now is shown beside each visit.
 */
/** `onChanged`: a visit was planned, moved or cancelled (the staff page then re-reads today's plan above it). */
export function PlanningSection(props: {
  csrfToken: string;
  units: readonly Unit[];
  onChanged?: () => void;
}) {
  const { t } = useI18n();
  const say = useSay();
  const [date, setDate] = useState(isoDate(new Date()));
  const [slots, setSlots] = useState<PlannedSlot[] | null>(null);
  /** The answer to the last change, translated as it is shown (shared/said.ts), so it follows a change of language. */
  const [done, setDone] = useState<Said | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const load = () => setReload((n) => n + 1);
  // The day is read in its own effect (not through useAction's `run`, which ignores calls while busy), so a new
  // date always starts a new read; the previous one is aborted and its answer ignored.
  useEffect(() => {
    const abort = new AbortController();
    setError(null);
    dayOf(date, abort.signal).then(
      (day) => {
        if (!abort.signal.aborted) setSlots(day);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(failureText(e, t));
      },
    );
    return () => abort.abort();
  }, [date, reload]);
  return (
    <Section id="planning" icon="clock" title={t('plan.heading')}>
      <ZoneHint />
      <TextField
        id="plan-date"
        type="date"
        label={t('plan.date')}
        value={date}
        onInput={(v) => v && setDate(v)}
      />
      <ActionError error={error} />
      <SaidNotice said={done} />
      {slots === null ? (
        <p role="status">{t('loading')}</p>
      ) : slots.length === 0 ? (
        <p>{t('plan.none')}</p>
      ) : (
        <ul
          class="plan planning-list"
          aria-label={say(said('plan.listLabel', { date: { date } }))}
          data-testid="planning-list"
        >
          {slots.map((s) => (
            <VisitRow
              key={`${s.id}:${s.localDate}:${s.localTime}:${s.outcome}`}
              slot={s}
              csrfToken={props.csrfToken}
              onChanged={(message) => {
                setDone(message);
                load();
                props.onChanged?.();
              }}
            />
          ))}
        </ul>
      )}
      <NewVisitForm
        csrfToken={props.csrfToken}
        units={props.units}
        date={date}
        onPlanned={(message, day) => {
          setDone(message);
          if (day === date) load();
          else setDate(day);
          props.onChanged?.();
        }}
      />
    </Section>
  );
}

function VisitRow(props: { slot: PlannedSlot; csrfToken: string; onChanged: (message: Said) => void }) {
  const { t, language } = useI18n();
  const say = useSay();
  const s = props.slot;
  const [mode, setMode] = useState<'view' | 'move' | 'cancel'>('view');
  const [date, setDate] = useState(s.localDate);
  const [time, setTime] = useState(s.localTime);
  const [problem, setProblem] = useState<VisitProblem | null>(null);
  // A visit whose time has passed (and has no outcome yet) is moved to a time still ahead: the form suggests one.
  const openMove = () => {
    const now = new Date();
    const start = pastVisit(s.localDate, s.localTime, now)
      ? suggestedVisit(s.localDate, now)
      : { date: s.localDate, time: s.localTime };
    setDate(start.date);
    setTime(start.time);
    setProblem(null);
    setMode('move');
  };
  const [reason, setReason] = useState('');
  const { busy, error, run } = useAction();
  const who = s.staffName ?? t('plan.wholeUnit', { unit: s.unitName });
  const names = { name: s.citizenName, time: formatClockTime(s.localTime, language) };
  return (
    <li class="plan-row planning-row">
      <span class="plan-time">{names.time}</span>{' '}
      <span class="plan-who">
        <strong>{s.citizenName}</strong>{' '}
        <span class={s.citizenOnline ? 'badge badge-online' : 'badge'}>
          {t(s.citizenOnline ? 'plan.online' : 'plan.offline')}
        </span>
        <span class="muted">
          {' '}
          {t(`slot.${s.type}`)} · {who}
          {s.outcome && ` · ${t(`outcome.${s.outcome}`)}`}
        </span>
      </span>
      {!s.outcome && mode === 'view' && (
        <span class="actions">
          <button type="button" class="button button-small button-secondary" onClick={openMove}>
            <Icon name="clock" /> {t('plan.move', names)}
          </button>
          <button
            type="button"
            class="button button-small button-secondary"
            onClick={() => setMode('cancel')}
          >
            <Icon name="lock" /> {t('plan.cancel', names)}
          </button>
        </span>
      )}
      {mode === 'move' && (
        <form
          class="plan-edit"
          aria-label={t('plan.move', names)}
          onSubmit={(e) => {
            e.preventDefault();
            const past = pastVisit(date, time, new Date());
            if (past) {
              const found = pastProblem(past, date, time);
              setProblem(found);
              document.getElementById(`move-${found.field}-${s.id}`)?.focus();
              return;
            }
            setProblem(null);
            void run(async () => {
              await moveVisit(props.csrfToken, s.id, date, time);
              props.onChanged(
                said('plan.moved', { name: s.citizenName, date: { date }, time: { clock: time } }),
              );
            });
          }}
        >
          <div class="field-row">
            <TextField
              id={`move-date-${s.id}`}
              type="date"
              label={t('plan.newDate')}
              value={date}
              onInput={(v) => {
                setProblem(null);
                setDate(v);
              }}
              error={problem?.field === 'date' ? say(problem.said) : undefined}
            />
            <div class="field">
              <label for={`move-time-${s.id}`}>{t('plan.newTime')}</label>
              <input
                id={`move-time-${s.id}`}
                type="time"
                value={time}
                aria-invalid={problem?.field === 'time' ? true : undefined}
                aria-describedby={problem?.field === 'time' ? `move-time-${s.id}-error` : undefined}
                onInput={(e) => {
                  setProblem(null);
                  setTime(e.currentTarget.value);
                }}
              />
              {problem?.field === 'time' && (
                <p id={`move-time-${s.id}-error`} class="field-error" role="alert">
                  {say(problem.said)}
                </p>
              )}
            </div>
          </div>
          <div class="actions">
            <button type="submit" class="button button-small" aria-disabled={busy}>
              <Icon name="check" /> {t('plan.saveMove')}
            </button>
            <button
              type="button"
              class="button button-small button-secondary"
              onClick={() => setMode('view')}
            >
              {t('relations.confirmNo')}
            </button>
          </div>
        </form>
      )}
      {mode === 'cancel' && (
        <form
          class="plan-edit confirm"
          aria-label={t('plan.cancel', names)}
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              if (!reason.trim()) throw new UserMessage('outcome.reasonMissing');
              await cancelVisit(props.csrfToken, s.id, reason.trim());
              props.onChanged(said('plan.cancelled', { name: s.citizenName, time: { clock: s.localTime } }));
            });
          }}
        >
          <p>{t('plan.cancelText', names)}</p>
          <TextField
            id={`cancel-reason-${s.id}`}
            label={t('outcome.reason')}
            hint={t('outcome.reasonHint')}
            value={reason}
            onInput={setReason}
          />
          <div class="actions">
            <button type="submit" class="button button-small button-danger" aria-disabled={busy}>
              {t('plan.confirmCancel', names)}
            </button>
            <button
              type="button"
              class="button button-small button-secondary"
              onClick={() => setMode('view')}
            >
              {t('plan.keep')}
            </button>
          </div>
        </form>
      )}
      <ActionError error={error} />
    </li>
  );
}
