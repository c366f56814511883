import { useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import {
  askWords,
  type BulkChanges,
  type BulkForm,
  bulkChanges,
  doneWords,
  EMPTY_BULK_FORM,
} from './bulk-settings.js';
import { type BulkScope, previewConfigToMany, pushConfigToMany } from './devices-api.js';
import { ActionError, TextField, useAction } from './parts.js';
import type { Unit } from './support-api.js';

/**
 * "Skift indstillinger for mange skærme" (support only): ONE bulk push (POST /api/devices/config) to every
 * kiosk of the municipality or to those lent to citizens of one unit, with only the settings support fills in.
 * A question first that names the change and how many kiosks it reaches, and how many of them are not in use
 * now (GET /api/devices/config/preview, read when support presses the button); then how many got it, split the
 * same way (the push's answer, counted when it writes: the truth if kiosks changed in between).
 * Folded away behind its heading's button (WAI-ARIA disclosure) so the kiosk list stays near the top.
 */
export function BulkSettingsPanel(props: {
  csrfToken: string;
  units: readonly Unit[];
  onPushed: () => void;
}) {
  const { t, language } = useI18n();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState<BulkForm>(EMPTY_BULK_FORM);
  const [scopeId, setScopeId] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [asked, setAsked] = useState<{
    changes: BulkChanges;
    scope: BulkScope;
    unitName: string | null;
    words: { title: string; text: string };
  } | null>(null);
  /** What the preview said when it found no kiosk to send to: no question then. */
  const [none, setNone] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const { busy, error, fields, run } = useAction();
  // Citizens are enrolled in every kind of unit but a night-watch pool (relations-section.tsx `enrolable`).
  const units = props.units
    .filter((u) => u.kind !== 'night_watch_pool')
    .sort((a, b) => a.name.localeCompare(b.name, language));
  const unit = units.find((u) => u.id === scopeId);
  const set = (patch: Partial<BulkForm>) => {
    setForm({ ...form, ...patch });
    setProblem(null);
  };

  const review = (e: Event) => {
    e.preventDefault();
    setDone(null);
    setNone(null);
    const checked = bulkChanges(form);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    const scope: BulkScope = unit ? { kind: 'unit', unitId: unit.id } : { kind: 'municipality' };
    const unitName = unit?.name ?? null;
    void run(async () => {
      const reach = await previewConfigToMany(scope);
      if (reach.devices === 0) {
        setNone(unitName === null ? t('bulk.noneAll') : t('bulk.noneUnit', { unit: unitName }));
        return;
      }
      setAsked({
        changes: checked.changes,
        scope,
        unitName,
        words: askWords(t, { changes: checked.changes, reach, unit: unitName, language }),
      });
      dialog.current?.showModal();
    });
  };
  const send = () => {
    dialog.current?.close();
    if (!asked) return;
    void run(async () => {
      const pushed = await pushConfigToMany(props.csrfToken, asked.scope, asked.changes);
      setDone(
        pushed.devices === 0
          ? asked.unitName === null
            ? t('bulk.doneNoneAll')
            : t('bulk.doneNoneUnit', { unit: asked.unitName })
          : doneWords(t, pushed),
      );
      props.onPushed();
    });
  };
  const fieldProblem = (name: 'volume' | 'brightness') =>
    problem === name ? t(`bulk.problem.${name}`) : fields[`changes.${name}`];

  return (
    <div class="bulk-panel">
      <h3>
        <button
          type="button"
          class="button button-secondary"
          aria-expanded={open}
          aria-controls="bulk-form"
          onClick={() => setOpen(!open)}
        >
          <Icon name="arrowRight" /> {t('bulk.open')}
        </button>
      </h3>
      <form id="bulk-form" hidden={!open} onSubmit={review} aria-label={t('bulk.open')} noValidate>
        <p>{t('bulk.intro')}</p>
        <div class="field">
          <label for="bulk-scope">{t('bulk.scope')}</label>
          <p id="bulk-scope-hint" class="hint">
            {t('bulk.scopeHint')}
          </p>
          <select
            id="bulk-scope"
            aria-describedby="bulk-scope-hint"
            value={scopeId}
            onChange={(e) => setScopeId(e.currentTarget.value)}
          >
            <option value="">{t('bulk.scopeAll')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {t('bulk.scopeUnit', { unit: u.name })}
              </option>
            ))}
          </select>
        </div>
        <div class="field-row">
          <TextField
            id="bulk-volume"
            type="number"
            label={t('bulk.volume')}
            hint={t('bulk.keepHint')}
            value={form.volume}
            onInput={(volume) => set({ volume })}
            error={fieldProblem('volume')}
          />
          <TextField
            id="bulk-brightness"
            type="number"
            label={t('bulk.brightness')}
            hint={t('bulk.keepHint')}
            value={form.brightness}
            onInput={(brightness) => set({ brightness })}
            error={fieldProblem('brightness')}
          />
        </div>
        <fieldset class="choice">
          <legend>{t('bulk.quiet')}</legend>
          {(['keep', 'on', 'off'] as const).map((q) => (
            <div class="check-field" key={q}>
              <input
                type="radio"
                id={`bulk-quiet-${q}`}
                name="bulk-quiet"
                checked={form.quiet === q}
                onChange={() => set({ quiet: q })}
              />
              <label for={`bulk-quiet-${q}`}>
                {t(`bulk.quiet${q.charAt(0).toUpperCase()}${q.slice(1)}`)}
              </label>
            </div>
          ))}
          {form.quiet === 'on' && (
            <div class="field-row">
              <div class="field">
                <label for="bulk-quiet-from">{t('settings.quietFrom')}</label>
                <input
                  id="bulk-quiet-from"
                  type="time"
                  value={form.quietFrom}
                  onInput={(e) => set({ quietFrom: e.currentTarget.value })}
                />
              </div>
              <div class="field">
                <label for="bulk-quiet-to">{t('settings.quietTo')}</label>
                <input
                  id="bulk-quiet-to"
                  type="time"
                  value={form.quietTo}
                  onInput={(e) => set({ quietTo: e.currentTarget.value })}
                />
              </div>
            </div>
          )}
        </fieldset>
        <button type="submit" class="button" disabled={busy}>
          <Icon name="check" /> {t('bulk.review')}
        </button>
        <ActionError
          error={
            problem && problem !== 'volume' && problem !== 'brightness' ? t(`bulk.problem.${problem}`) : error
          }
        />
      </form>
      <div aria-live="polite" data-testid="bulk-said">
        {done && (
          <Notice kind="success">
            <p>{done}</p>
          </Notice>
        )}
        {none && (
          <Notice kind="info">
            <p>{none}</p>
          </Notice>
        )}
      </div>
      <dialog
        ref={dialog}
        class="confirm"
        aria-labelledby="bulk-confirm-title"
        aria-describedby="bulk-confirm-text"
        onClose={() => setAsked(null)}
      >
        <h3 id="bulk-confirm-title">{asked?.words.title}</h3>
        <p id="bulk-confirm-text">{asked?.words.text}</p>
        <div class="button-row">
          <button type="button" class="button button-secondary" onClick={() => dialog.current?.close()}>
            {t('confirm.cancel')}
          </button>
          <button type="button" class="button" onClick={send}>
            <Icon name="check" /> {t('bulk.confirmYes')}
          </button>
        </div>
      </dialog>
    </div>
  );
}
