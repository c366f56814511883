import { useRef, useState } from 'preact/hooks';
import { Combobox, type ComboHit } from '../../shared/combobox.js';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { plusCalendarDays } from '../../shared/municipal-date.js';
import { citizenSearch } from '../../shared/people-api.js';
import { type Said, said } from '../../shared/said.js';
import { useSay } from '../../shared/said-notice.js';
import { ActionError, TextField, UserMessage, useAction } from './parts.js';
import {
  planVisit,
  REPEATS,
  type Repeat,
  responsibleChoices,
  SLOT_TYPES,
  type SlotType,
} from './planning-api.js';
import type { Unit } from './support-api.js';
import { pastProblem, pastVisit, suggestedVisit, type VisitProblem } from './visit-time.js';

/** The picker offers what the server accepts for this unit and citizen, narrowed by what is typed. */
const responsibleSearch =
  (unitId: string, citizenId: string | null) => async (q: string, signal: AbortSignal) => {
    if (!unitId) return [];
    const needle = q.trim().toLocaleLowerCase('da');
    return (await responsibleChoices(unitId, citizenId, signal))
      .filter((h) => `${h.displayName} ${h.username}`.toLocaleLowerCase('da').includes(needle))
      .map((h): ComboHit => ({ id: h.id, label: h.displayName, detail: h.username }));
  };

/**
 * A new visit for a citizen, by one staff member or the whole unit; once, or repeating up to a last date. The
 * date and time start at a moment still ahead (suggestedVisit), the time follows a new date until the person
 * types one, and a past date or time is refused in the field before anything is sent. `now`: the clock (tests).
 */
export function NewVisitForm(props: {
  csrfToken: string;
  units: readonly Unit[];
  date: string;
  onPlanned: (message: Said, date: string) => void;
  now?: () => Date;
}) {
  const { t } = useI18n();
  const say = useSay();
  const now = props.now ?? (() => new Date());
  const careUnits = props.units.filter((u) => u.kind !== 'night_watch_pool' && u.kind !== 'support');
  const [citizen, setCitizen] = useState<ComboHit | null>(null);
  const [staff, setStaff] = useState<ComboHit | null>(null);
  const [unitId, setUnitId] = useState(careUnits[0]?.id ?? '');
  const [type, setType] = useState<SlotType>('conversation');
  const [suggested] = useState(() => suggestedVisit(props.date, now()));
  const [date, setDate] = useState(suggested.date);
  const [time, setTime] = useState(suggested.time);
  /** Once the person has typed a time, a new date no longer replaces it with a suggestion. */
  const timeTyped = useRef(false);
  const [problem, setProblem] = useState<VisitProblem | null>(null);
  const [repeat, setRepeat] = useState<Repeat>('none');
  const [until, setUntil] = useState(plusCalendarDays(props.date, 8 * 7));
  const { busy, error, run } = useAction();
  const chooseDate = (next: string) => {
    setDate(next);
    setProblem(null);
    const suggestion = suggestedVisit(next, now());
    if (!timeTyped.current && suggestion.date === next) setTime(suggestion.time);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    const past = pastVisit(date, time, now());
    if (past) {
      const found = pastProblem(past, date, time);
      setProblem(found);
      // The field says what is wrong and is read with it (aria-describedby); focus takes the person there.
      document.getElementById(found.field === 'date' ? 'visit-date' : 'visit-time')?.focus();
      return;
    }
    setProblem(null);
    void run(async () => {
      if (!citizen) throw new UserMessage('relations.chooseCitizen');
      if (!unitId) throw new UserMessage('plan.unitMissing');
      const count = await planVisit(props.csrfToken, {
        citizenId: citizen.id,
        unitId,
        staffId: staff?.id ?? null,
        type,
        date,
        time,
        repeat,
        until,
      });
      props.onPlanned(said('plan.planned', { count, name: citizen.label }), date);
      setCitizen(null);
      setStaff(null);
    });
  };
  return (
    <form onSubmit={submit} aria-labelledby="new-visit-heading">
      <h3 id="new-visit-heading">
        <Icon name="clock" /> {t('plan.new')}
      </h3>
      <Combobox
        id="visit-citizen"
        label={t('relations.citizenPerson')}
        value={citizen}
        onChange={(c) => {
          setCitizen(c);
          // Who may be responsible depends on the citizen (their guide): choose again.
          setStaff(null);
        }}
        search={citizenSearch(t)}
        required
      />
      <div class="field">
        <label for="visit-unit">{t('plan.unit')}</label>
        <select
          id="visit-unit"
          value={unitId}
          onChange={(e) => {
            setUnitId(e.currentTarget.value);
            setStaff(null);
          }}
        >
          {careUnits.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({t(`kind.${u.kind}`)})
            </option>
          ))}
        </select>
      </div>
      <Combobox
        id="visit-staff"
        label={t('plan.staff')}
        value={staff}
        onChange={setStaff}
        search={responsibleSearch(unitId, citizen?.id ?? null)}
      />
      <p class="hint">{t('plan.staffHint')}</p>
      <div class="field">
        <label for="visit-type">{t('plan.type')}</label>
        <select id="visit-type" value={type} onChange={(e) => setType(e.currentTarget.value as SlotType)}>
          {SLOT_TYPES.map((x) => (
            <option key={x} value={x}>
              {t(`slot.${x}`)}
            </option>
          ))}
        </select>
      </div>
      <div class="field-row">
        <TextField
          id="visit-date"
          type="date"
          label={t('plan.firstDate')}
          value={date}
          onInput={chooseDate}
          error={problem?.field === 'date' ? say(problem.said) : undefined}
        />
        <div class="field">
          <label for="visit-time">{t('plan.time')}</label>
          <input
            id="visit-time"
            type="time"
            value={time}
            aria-invalid={problem?.field === 'time' ? true : undefined}
            aria-describedby={problem?.field === 'time' ? 'visit-time-error' : undefined}
            onInput={(e) => {
              timeTyped.current = true;
              setProblem(null);
              setTime(e.currentTarget.value);
            }}
          />
          {problem?.field === 'time' && (
            <p id="visit-time-error" class="field-error" role="alert">
              {say(problem.said)}
            </p>
          )}
        </div>
      </div>
      <fieldset class="choice">
        <legend>{t('plan.repeat')}</legend>
        {REPEATS.map((r) => (
          <div class="check-field" key={r}>
            <input
              type="radio"
              id={`repeat-${r}`}
              name="visit-repeat"
              checked={repeat === r}
              onChange={() => setRepeat(r)}
            />
            <label for={`repeat-${r}`}>{t(`plan.repeat.${r}`)}</label>
          </div>
        ))}
      </fieldset>
      {repeat !== 'none' && (
        <TextField
          id="visit-until"
          type="date"
          label={t('plan.until')}
          hint={t('plan.untilHint')}
          value={until}
          onInput={setUntil}
        />
      )}
      <button type="submit" class="button" aria-disabled={busy}>
        <Icon name="check" /> {t('plan.create')}
      </button>
      <ActionError error={error} />
    </form>
  );
}
