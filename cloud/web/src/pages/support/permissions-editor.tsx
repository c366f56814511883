import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { ActionError, useAction } from './parts.js';
import { describePermission, windowProblem } from './permission-now.js';
import {
  DIRECTIONS,
  type Direction,
  grant,
  type Relation,
  relationsOf,
  revoke,
  type TimeWindow,
} from './support-api.js';

const DAYS = [1, 2, 3, 4, 5, 6, 7];

/**
 * Call permissions of one enrolment, per direction: not allowed, at any time, or within one weekly window in
 * the municipality's time zone (the server keeps it DST-correct; a window may span midnight).
 */
export function PermissionsEditor(props: {
  csrfToken: string;
  enrolmentId: string;
  citizenId: string;
  /** The citizen's name: the panel opens below a long list, so its heading says whose calls these are. */
  name: string;
}) {
  const { t } = useI18n();
  const [relation, setRelation] = useState<Relation | null>(null);
  const { busy, error, run } = useAction();
  const reload = async () => {
    const all = await relationsOf(props.citizenId);
    setRelation(all.find((r) => r.id === props.enrolmentId) ?? null);
  };
  useEffect(() => {
    void run(reload);
  }, [props.enrolmentId]);
  return (
    <section class="panel" aria-labelledby="perm-heading" data-testid="permissions">
      <h3 id="perm-heading">
        <Icon name="shield" /> {t('perm.heading', { name: props.name })}
      </h3>
      {relation === null ? (
        <p role="status">{t('loading')}</p>
      ) : (
        DIRECTIONS.map((d) => (
          <DirectionRow
            // A saved or removed rule starts the row afresh from what now holds.
            key={`${d}:${JSON.stringify(relation.permissions.find((p) => p.direction === d) ?? null)}`}
            direction={d}
            current={relation.permissions.find((p) => p.direction === d)}
            busy={busy}
            onSave={(windows) =>
              void run(async () => {
                await grant(props.csrfToken, props.enrolmentId, d, windows);
                await reload();
              })
            }
            onRevoke={() =>
              void run(async () => {
                await revoke(props.csrfToken, props.enrolmentId, d);
                await reload();
              })
            }
          />
        ))
      )}
      <ActionError error={error} />
    </section>
  );
}

type Mode = 'none' | 'always' | 'window';

function DirectionRow(props: {
  direction: Direction;
  current: { windows: unknown } | undefined;
  busy: boolean;
  onSave: (windows: TimeWindow[] | null) => void;
  onRevoke: () => void;
}) {
  const { t, language } = useI18n();
  const id = `perm-${props.direction}`;
  // Staff of the unit may always call an enrolled citizen (decide.ts): "not allowed" is no choice there.
  const byMembership = props.direction === 'staff_to_citizen';
  // The form starts from what holds now, never from a guess (issue 12: "Altid" was pre-selected regardless).
  const firstWindow = Array.isArray(props.current?.windows)
    ? (props.current.windows as TimeWindow[])[0]
    : undefined;
  const initial: Mode = firstWindow ? 'window' : props.current || byMembership ? 'always' : 'none';
  const [mode, setMode] = useState<Mode>(initial);
  const [days, setDays] = useState<number[]>(firstWindow?.days ?? [1, 2, 3, 4, 5]);
  const [from, setFrom] = useState(firstWindow?.from ?? '08:00');
  const [to, setTo] = useState(firstWindow?.to ?? '16:00');
  const modes: Mode[] = byMembership ? ['always', 'window'] : ['none', 'always', 'window'];
  // The window is checked here, where it is typed, and said in this row: the cloud's refusal of an empty day
  // list or from = to (TimeWindow in care/time/windows.ts) could only say "some fields are wrong", below all rows.
  // Kept as its key and translated as it is shown, so it follows a change of language.
  const [problem, setProblem] = useState<string | null>(null);
  const save = () => {
    const wrong = mode === 'window' ? windowProblem(days, from, to) : null;
    setProblem(wrong);
    if (wrong) return;
    if (mode === 'none') props.onRevoke();
    // Back to "always" for staff: remove the narrowing row rather than store a row that narrows nothing.
    else if (mode === 'always' && byMembership) {
      if (props.current) props.onRevoke();
    } else props.onSave(mode === 'always' ? null : [{ days, from, to }]);
  };
  return (
    <fieldset class="choice">
      <legend>{t(`dir.${props.direction}`)}</legend>
      <p data-testid={`${id}-now`}>
        <strong>{t('perm.now')}</strong> {describePermission(props.direction, props.current, t, language)}
      </p>
      {modes.map((m) => (
        <div class="check-field" key={m}>
          <input type="radio" id={`${id}-${m}`} name={id} checked={mode === m} onChange={() => setMode(m)} />
          <label for={`${id}-${m}`}>{t(`perm.mode.${m}`)}</label>
        </div>
      ))}
      {mode === 'window' && (
        <>
          <div class="days" aria-describedby={problem ? `${id}-problem` : undefined}>
            {DAYS.map((d) => (
              <div class="check-field" key={d}>
                <input
                  type="checkbox"
                  id={`${id}-d${d}`}
                  checked={days.includes(d)}
                  onChange={(e) =>
                    setDays(e.currentTarget.checked ? [...days, d].sort() : days.filter((x) => x !== d))
                  }
                />
                <label for={`${id}-d${d}`}>{t(`day.${d}`)}</label>
              </div>
            ))}
          </div>
          <div class="field-row">
            <div class="field">
              <label for={`${id}-from`}>{t('perm.from')}</label>
              <input
                id={`${id}-from`}
                type="time"
                value={from}
                onInput={(e) => setFrom(e.currentTarget.value)}
              />
            </div>
            <div class="field">
              <label for={`${id}-to`}>{t('perm.to')}</label>
              <input id={`${id}-to`} type="time" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
            </div>
          </div>
        </>
      )}
      {problem && (
        <p id={`${id}-problem`} class="field-error" role="alert">
          {t(problem)}
        </p>
      )}
      <div class="actions">
        <button type="button" class="button button-small" aria-disabled={props.busy} onClick={save}>
          <Icon name="check" /> {t('perm.allow')}
        </button>
      </div>
    </fieldset>
  );
}
