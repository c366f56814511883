import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { municipalDate, municipalInstant, plusCalendarDays } from '../../shared/municipal-date.js';
import { type Said, said } from '../../shared/said.js';
import { SaidNotice } from '../../shared/said-notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import {
  type AutoAnswerPolicy,
  readAutoAnswer,
  saveAutoAnswer,
  saveDoNotDisturb,
} from './auto-answer-api.js';
import { clockOf, doNotDisturbHolds, policySentence, possessive } from './auto-answer-text.js';
import { ConfirmButton } from './confirm-button.js';
import { ActionError, TextField, UserMessage, useAction } from './parts.js';

const DEFAULT_QUIET = { from: '22:00', to: '07:00' };

/**
 * The citizen's auto-answer policy on their page (cloud/src/care/auto-answer.ts): it is the citizen's, not the
 * kiosk's, because it applies to every client of theirs (kiosk, phone, tablet) and the cloud decides it per call
 * (staff callers only, not in quiet hours, not while "do not disturb" holds) and sends the countdown in
 * CallIncoming.autoAnswerAfterMs. One plain sentence above the form says what the saved policy does.
 *
 * "Do not disturb until …" (DoNotDisturb below) pauses it, e.g. during a hospital stay: care staff or support set
 * it, and support can clear it here (PUT /api/citizens/{id}/do-not-disturb audits both).
 */
export function AutoAnswerPanel(props: { csrfToken: string; citizenId: string; name: string }) {
  const { t, language } = useI18n();
  const municipal = useMunicipalTime();
  const [saved, setSaved] = useState<AutoAnswerPolicy | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [seconds, setSeconds] = useState('10');
  const [quietOn, setQuietOn] = useState(false);
  const [quiet, setQuiet] = useState(DEFAULT_QUIET);
  /** The answer to the last change, translated as it is shown (shared/said.ts), so it follows a change of language. */
  const [done, setDone] = useState<Said | null>(null);
  const { busy, error, fields, run } = useAction();
  const show = (p: AutoAnswerPolicy) => {
    setSaved(p);
    setEnabled(p.enabled);
    setSeconds(String(p.countdownSeconds));
    setQuietOn(p.quietHours !== null);
    if (p.quietHours) setQuiet({ from: clockOf(p.quietHours.from), to: clockOf(p.quietHours.to) });
  };
  useEffect(() => void run(async () => show(await readAutoAnswer(props.citizenId))), [props.citizenId]);

  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      setDone(null);
      if (quietOn && quiet.from === quiet.to) throw new UserMessage('autoAnswer.quietSame');
      const countdownSeconds = Math.min(60, Math.max(3, Math.round(Number(seconds) || 10)));
      show(
        await saveAutoAnswer(props.csrfToken, props.citizenId, {
          enabled,
          countdownSeconds,
          quietHours: quietOn ? quiet : null,
        }),
      );
      setDone(said('autoAnswer.saved', { name: props.name }));
    });
  };
  const changeDnd = (until: { date: string; time: string } | null) =>
    void run(async () => {
      setDone(null);
      let at: Date | null = null;
      if (until) {
        if (!until.date || !until.time) throw new UserMessage('autoAnswer.dndMissing');
        at = municipalInstant(until.date, until.time);
        if (at.getTime() <= Date.now()) throw new UserMessage('autoAnswer.dndPast');
      }
      const p = await saveDoNotDisturb(props.csrfToken, props.citizenId, at);
      // Only the saved policy's lines: what support is typing in the policy form stays as it is.
      setSaved(p);
      setDone(
        p.doNotDisturbUntil
          ? said('autoAnswer.dndSetDone', { name: props.name, until: { at: p.doNotDisturbUntil } })
          : said('autoAnswer.dndCleared', { name: props.name }),
      );
    });
  if (!saved) return error ? <ActionError error={error} /> : <p role="status">{t('loading')}</p>;
  const holds = doNotDisturbHolds(saved);
  const dnd = holds ? municipal(holds, { dateStyle: 'long', timeStyle: 'short' }) : null;
  const dndPart = (
    <DoNotDisturb
      until={dnd}
      name={props.name}
      owner={possessive(props.name, language)}
      busy={busy}
      onSet={changeDnd}
      onClear={() => changeDnd(null)}
    />
  );
  return (
    <section aria-labelledby="auto-answer-heading" data-testid="auto-answer">
      <h3 id="auto-answer-heading">
        <Icon name="phone" /> {t('autoAnswer.heading')}
      </h3>
      <p data-testid="auto-answer-now">
        <strong>{policySentence(t, saved, language)}</strong>
      </p>
      {/* While it holds it is said under the policy's sentence; otherwise the form to set it follows the policy's. */}
      {dnd && dndPart}
      <form onSubmit={save}>
        <p class="hint">{t('autoAnswer.intro')}</p>
        <div class="check-field">
          <input
            type="checkbox"
            id="aa-enabled"
            checked={enabled}
            onChange={(e) => setEnabled(e.currentTarget.checked)}
          />
          <label for="aa-enabled">{t('autoAnswer.enabled')}</label>
        </div>
        {enabled && (
          <TextField
            id="aa-countdown"
            type="number"
            label={t('autoAnswer.countdown')}
            value={seconds}
            onInput={setSeconds}
            error={fields.countdownSeconds}
          />
        )}
        <div class="check-field">
          <input
            type="checkbox"
            id="aa-quiet"
            checked={quietOn}
            onChange={(e) => setQuietOn(e.currentTarget.checked)}
          />
          <label for="aa-quiet">{t('autoAnswer.quiet')}</label>
        </div>
        {quietOn && (
          <>
            <p class="hint" id="aa-quiet-hint">
              {t('autoAnswer.quietHint')}
            </p>
            <div class="field-row">
              <div class="field">
                <label for="aa-quiet-from">{t('autoAnswer.quietFrom')}</label>
                <input
                  id="aa-quiet-from"
                  type="time"
                  value={quiet.from}
                  aria-describedby="aa-quiet-hint"
                  onInput={(e) => setQuiet({ ...quiet, from: e.currentTarget.value })}
                />
              </div>
              <div class="field">
                <label for="aa-quiet-to">{t('autoAnswer.quietTo')}</label>
                <input
                  id="aa-quiet-to"
                  type="time"
                  value={quiet.to}
                  aria-describedby="aa-quiet-hint"
                  onInput={(e) => setQuiet({ ...quiet, to: e.currentTarget.value })}
                />
              </div>
            </div>
          </>
        )}
        <button type="submit" class="button" aria-disabled={busy}>
          <Icon name="check" /> {t('autoAnswer.save', { name: props.name })}
        </button>
      </form>
      {!dnd && dndPart}
      <ActionError error={error} />
      {!error && <SaidNotice said={done} />}
    </section>
  );
}

/**
 * "Do not disturb until …": while it holds, the cloud answers no call by itself (calls still ring). Support
 * sets it with a municipal date and time, or clears it behind a question, since clearing lets the policy answer
 * again at once where care staff had paused it.
 */
function DoNotDisturb(props: {
  /** When it holds, already formatted ("8. december 2026 kl. 08.00"); null when it does not. */
  until: string | null;
  name: string;
  owner: string;
  busy: boolean;
  onSet: (until: { date: string; time: string }) => void;
  onClear: () => void;
}) {
  const { t } = useI18n();
  const [date, setDate] = useState(() => plusCalendarDays(municipalDate(new Date()), 1));
  const [time, setTime] = useState('08:00');
  if (props.until)
    return (
      <>
        <p data-testid="auto-answer-dnd">{t('autoAnswer.dnd', { until: props.until })}</p>
        <div class="button-row">
          <ConfirmButton
            label={t('autoAnswer.dndClear')}
            icon="phone"
            title={t('autoAnswer.dndClearTitle', { name: props.name })}
            text={t('autoAnswer.dndClearText', { until: props.until, owner: props.owner })}
            disabled={props.busy}
            onConfirm={props.onClear}
          />
        </div>
      </>
    );
  return (
    <form
      aria-labelledby="aa-dnd-heading"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSet({ date, time });
      }}
    >
      <h4 id="aa-dnd-heading">{t('autoAnswer.dndHeading')}</h4>
      <p class="hint" id="aa-dnd-hint">
        {t('autoAnswer.dndHint')}
      </p>
      <div class="field-row">
        <TextField
          id="aa-dnd-date"
          type="date"
          label={t('autoAnswer.dndDate')}
          value={date}
          onInput={setDate}
        />
        <div class="field">
          <label for="aa-dnd-time">{t('autoAnswer.dndTime')}</label>
          <input
            id="aa-dnd-time"
            type="time"
            value={time}
            aria-describedby="aa-dnd-hint"
            onInput={(e) => setTime(e.currentTarget.value)}
          />
        </div>
      </div>
      <button type="submit" class="button button-secondary" aria-disabled={props.busy}>
        <Icon name="moon" /> {t('autoAnswer.dndSet')}
      </button>
    </form>
  );
}
