import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { CitizenPicker } from './citizen-picker.js';
import { lifecycleText, useWhen } from './device-bits.js';
import { type CitizenChoice, type DeviceSummary, type IssuedCode, lendWithCode } from './devices-api.js';
import { chosenKiosk, freeKiosks, waitingForWipe } from './lend-next.js';
import { ActionError, useAction } from './parts.js';

/**
 * "Lån en skærm ud" above the kiosk list (support only): support with 40 kiosks to lend stays on the list and
 * lends one after another, name and Enter, instead of opening each kiosk's page (7 actions a kiosk on the lend
 * walk, 2026-12-07: open Skærme, find the kiosk, open it, type the name, lend, make the code, back). The next
 * free kiosk by label is chosen already; the enrolment code of one never enrolled comes with the lend
 * (lendWithCode). After each lend the name field is empty and focused again for the next citizen.
 * A kiosk taken back unwiped is never offered (lend-next.ts); the cloud refuses it anyway (409).
 */
export function LendPanel(props: {
  csrfToken: string;
  devices: readonly DeviceSummary[];
  /** After a lend (or a refused one): read the list again at once, not at its next 5 s re-read. */
  onLent: () => void;
  /** Show the kiosks taken back that wait for a wipe (the list's "Taget retur" filter). */
  onShowWaiting: () => void;
}) {
  const { t } = useI18n();
  const when = useWhen();
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [justLent, setJustLent] = useState<ReadonlySet<string>>(new Set());
  // Remounts the picker after each lend: empty, its old matches gone, the field focused for the next name.
  const [round, setRound] = useState(0);
  const [lent, setLent] = useState<{
    label: string;
    name: string;
    code: IssuedCode | 'failed' | 'kept' | null;
    /** Until when a code made before the lend works ('kept'). */
    until: string | null;
  } | null>(null);
  const { busy, error, run } = useAction();
  // Forget a kiosk lent a moment ago once the list shows it lent: the set never hides a kiosk free again later.
  useEffect(() => {
    const shownFree = new Set(props.devices.filter((d) => !d.lent).map((d) => d.id));
    setJustLent((before) => {
      const keep = [...before].filter((id) => shownFree.has(id));
      return keep.length === before.size ? before : new Set(keep);
    });
  }, [props.devices]);
  const free = freeKiosks(props.devices, justLent);
  const kiosk = chosenKiosk(free, chosenId);
  const waiting = waitingForWipe(props.devices);

  const lendTo = (citizen: CitizenChoice) => {
    if (!kiosk) return;
    void run(async () => {
      setLent(null);
      try {
        const { device, code } = await lendWithCode(props.csrfToken, kiosk.id, citizen.id);
        setJustLent((before) => new Set([...before, kiosk.id]));
        setChosenId(null);
        setLent({
          label: device.label,
          name: t('kiosk.lentTo', { name: citizen.displayName, ref: citizen.ref }),
          code,
          until: device.enrolmentCodeUntil ?? null,
        });
        setRound((n) => n + 1);
      } finally {
        props.onLent();
      }
    });
  };

  return (
    <section class="lend-run" aria-labelledby="lend-run-heading">
      <h3 id="lend-run-heading">{t('lendRun.heading')}</h3>
      {kiosk ? (
        <>
          <div class="field">
            <label for="lend-kiosk">{t('lendRun.kiosk')}</label>
            <p id="lend-kiosk-hint" class="hint">
              {t('lendRun.kioskHint', { count: free.length })}
            </p>
            <select
              id="lend-kiosk"
              aria-describedby="lend-kiosk-hint"
              value={kiosk.id}
              onChange={(e) => setChosenId(e.currentTarget.value)}
            >
              {free.map((d) => (
                <option key={d.id} value={d.id}>
                  {t('lendRun.option', { label: d.label, status: lifecycleText(t, d) })}
                </option>
              ))}
            </select>
          </div>
          <CitizenPicker
            key={round}
            focus={round > 0}
            busy={busy}
            onPick={lendTo}
            pickText={(name) => t('lendRun.to', { label: kiosk.label, name })}
          />
        </>
      ) : (
        <p data-testid="lend-run-none">{t('lendRun.none')}</p>
      )}
      <div aria-live="polite" data-testid="lend-run-said">
        {lent && (
          <Notice kind="success">
            <p>{t('lendRun.done', { label: lent.label, name: lent.name })}</p>
            {lent.code === null ? (
              <p>{t('lendRun.ready', { label: lent.label })}</p>
            ) : lent.code === 'kept' ? (
              // Not a new code: it would replace the one support made on the kiosk's page and may have given out.
              <p data-testid="lend-run-code-kept">
                {t('lendRun.codeKept', { label: lent.label, until: lent.until ? when(lent.until) : '' })}
              </p>
            ) : lent.code === 'failed' ? (
              <p>{t('lendRun.codeFailed', { label: lent.label })}</p>
            ) : (
              // The code large and apart from the sentence: support copies it onto the box or the letter.
              <p data-testid="lend-run-code">
                {t('lendRun.code', { label: lent.label })}{' '}
                <strong class="enrolment-code">{lent.code.code}</strong>.{' '}
                {t('lendRun.codeRule', { until: when(lent.code.expiresAt) })}
              </p>
            )}
          </Notice>
        )}
      </div>
      <ActionError error={error} />
      {waiting > 0 && (
        <p>
          {t('lendRun.waiting', { count: waiting })}{' '}
          <button type="button" class="button button-secondary button-small" onClick={props.onShowWaiting}>
            <Icon name="alert" /> {t('lendRun.showWaiting')}
          </button>
        </p>
      )}
    </section>
  );
}
