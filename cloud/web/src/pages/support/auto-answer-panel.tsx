import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { type AutoAnswerPolicy, readAutoAnswer, saveAutoAnswer } from './auto-answer-api.js';
import { clockOf, policySentence } from './auto-answer-text.js';
import { ActionError, TextField, UserMessage, useAction } from './parts.js';

const DEFAULT_QUIET = { from: '22:00', to: '07:00' };

/**
 * The citizen's auto-answer policy on their page (cloud/src/care/auto-answer.ts): it is the citizen's, not the
 * kiosk's, because it applies to every client of theirs (kiosk, phone, tablet) and the cloud decides it per call
 * (staff callers only, not in quiet hours, not while "do not disturb" holds) and sends the countdown in
 * CallIncoming.autoAnswerAfterMs. One plain sentence above the form says what the saved policy does.
 */
export function AutoAnswerPanel(props: { csrfToken: string; citizenId: string; name: string }) {
  const { t, language } = useI18n();
  const municipal = useMunicipalTime();
  const [saved, setSaved] = useState<AutoAnswerPolicy | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [seconds, setSeconds] = useState('10');
  const [quietOn, setQuietOn] = useState(false);
  const [quiet, setQuiet] = useState(DEFAULT_QUIET);
  const [done, setDone] = useState(false);
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
      setDone(false);
      if (quietOn && quiet.from === quiet.to) throw new UserMessage(t('autoAnswer.quietSame'));
      const countdownSeconds = Math.min(60, Math.max(3, Math.round(Number(seconds) || 10)));
      show(
        await saveAutoAnswer(props.csrfToken, props.citizenId, {
          enabled,
          countdownSeconds,
          quietHours: quietOn ? quiet : null,
        }),
      );
      setDone(true);
    });
  };
  if (!saved) return error ? <ActionError error={error} /> : <p role="status">{t('loading')}</p>;
  const dnd =
    saved.doNotDisturbUntil && new Date(saved.doNotDisturbUntil).getTime() > Date.now()
      ? municipal(saved.doNotDisturbUntil, { dateStyle: 'long', timeStyle: 'short' })
      : null;
  return (
    <form onSubmit={save} aria-labelledby="auto-answer-heading" data-testid="auto-answer">
      <h3 id="auto-answer-heading">
        <Icon name="phone" /> {t('autoAnswer.heading')}
      </h3>
      <p data-testid="auto-answer-now">
        <strong>{policySentence(t, saved, language)}</strong>
      </p>
      {dnd && <p data-testid="auto-answer-dnd">{t('autoAnswer.dnd', { until: dnd })}</p>}
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
      <ActionError error={error} />
      {done && !error && (
        <Notice kind="success">
          <p role="status">{t('autoAnswer.saved', { name: props.name })}</p>
        </Notice>
      )}
    </form>
  );
}
