import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useStatusFollows } from '../../shared/status-box.js';
import { usePolling } from '../../shared/use-polling.js';
import { failureText } from './action-failure.js';
import { CitizenPicker } from './citizen-picker.js';
import { CollectPanel } from './collect-panel.js';
import { ConfirmButton } from './confirm-button.js';
import { Connection, configText, lentUnenrolled, lifecycleText, useWhen } from './device-bits.js';
import { DangerZone } from './device-danger.js';
import { DeviceSettingsForm } from './device-settings-form.js';
import {
  type CitizenChoice,
  type CommandOutcome,
  diagnosticsUrl,
  enrolmentCode,
  giveBack,
  identify,
  lendWithCode,
  markCollected,
  restart,
  showDevice,
} from './devices-api.js';
import { codeStillWorks } from './enrolment-code.js';
import { collectText, lentToLine, lentToText } from './kiosk-borrower.js';
import { LendAfterReturn } from './lend-after-return.js';
import { ActionError, Section, useAction } from './parts.js';
import type { Unit } from './support-api.js';
import { useSupportNav } from './support-nav.js';
import { wipeFirst } from './wipe-first.js';

/**
 * One kiosk (issue 12 §2): its facts, and support's actions. Every action says what happened: a sentence at
 * once, and for commands to the kiosk their outcome under "Latest commands" (waiting → done / refused / failed),
 * which this page re-reads every 2 seconds. Destructive actions go through ConfirmButton.
 */
export function DevicePage(props: {
  csrfToken: string;
  deviceId: string;
  units: readonly Unit[];
  readOnly: boolean;
  onBack: () => void;
}) {
  const { t } = useI18n();
  const when = useWhen();
  const [tick, setTick] = useState(0);
  const load = useCallback(
    (signal: AbortSignal, passive: boolean) => showDevice(props.deviceId, signal, passive),
    [props.deviceId, tick],
  );
  // Hidden behind a citizen's card opened from this page: no poll nobody sees; read at once on the way back.
  const polled = usePolling(load, 2_000, useSupportNav()?.kioskHidden ?? false);
  const [said, setSaid] = useState<string | null>(null);
  // The enrolment code apart from `said`: the code is shown once only, and lending the kiosk next (the guide's
  // order: code, then "Lån ud") replaced it with "Skærmen er udlånt til …" before support had written it down.
  const [issued, setIssued] = useState<{ code: string; expiresAt: string } | null>(null);
  const { busy, error, run } = useAction();
  const token = props.csrfToken;
  const id = props.deviceId;
  // After a confirmed action the button pressed goes away (Tag skærmen retur, Slet skærmen) and focus fell to the
  // page's body (support engineer's walk): a keyboard or screen-reader user lost her place. The message saying
  // what happened takes focus then, once, and only if nothing else has it.
  const saidBox = useRef<HTMLParagraphElement>(null);
  const focusSaid = useRef(false);
  useEffect(() => {
    if (!said) focusSaid.current = false;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (focusSaid.current && lost && saidBox.current) {
      saidBox.current.focus();
      focusSaid.current = false;
    }
  });
  const act = <R,>(action: () => Promise<R>, say: (result: R) => string) =>
    run(async () => {
      setSaid(null);
      setSaid(say(await action()));
      focusSaid.current = true;
      setTick((n) => n + 1);
    });

  // A kiosk never enrolled gets its code with the lend (lendWithCode): shown at once under "Udlån", no more press.
  // A code made before and still valid is kept (lendWithCode: 'kept'), whether shown here or made on another visit
  // or by a colleague: support may have written it down, and a new one would make it useless
  // (enrolment-code-kept.e2e). The notice under the facts then says until when it works.
  const lendTo = (c: CitizenChoice) =>
    void act(
      () => lendWithCode(token, id, c.id),
      ({ code }) => {
        if (code !== null && code !== 'failed' && code !== 'kept') setIssued(code);
        return t('lend.done', { name: c.displayName });
      },
    );

  const d = polled.data;
  // The figures above follow this kiosk at once (it went offline, was wiped), as they follow the list.
  useStatusFollows(d ? `${d.online}/${d.lifecycle}` : null);
  if (!d)
    return polled.error ? (
      <ActionError error={failureText(polled.error, t)} />
    ) : (
      <p role="status">{t('loading')}</p>
    );
  const enrolled = d.lifecycle !== 'registered' && d.lifecycle !== 'retired' && d.lifecycle !== 'wiping';
  return (
    <Section id="device" icon="tablet" title={t('device.heading', { label: d.label })}>
      <button type="button" class="button button-secondary" onClick={props.onBack}>
        {t('devices.back')}
      </button>
      <dl class="facts" aria-label={t('device.facts')}>
        <dt>{t('devices.col.status')}</dt>
        <dd data-testid="device-connection">
          <Connection device={d} when={when} />
        </dd>
        <dt>{t('devices.col.lifecycle')}</dt>
        <dd data-testid="device-lifecycle">{lifecycleText(t, d)}</dd>
        {!props.readOnly && (
          <>
            <dt>{t('devices.col.lentTo')}</dt>
            <dd>{lentToText(t, d)}</dd>
          </>
        )}
        <dt>{t('device.state')}</dt>
        <dd>{d.state ? t(`state.${d.state}`) : '–'}</dd>
        <dt>{t('devices.col.software')}</dt>
        <dd>{d.software ?? '–'}</dd>
        <dt>{t('devices.col.engine')}</dt>
        <dd>{d.engine ?? '–'}</dd>
        <dt>{t('devices.col.rtt')}</dt>
        <dd>{d.health?.rttMs != null ? t('devices.ms', { value: Math.round(d.health.rttMs) }) : '–'}</dd>
        <dt>{t('devices.col.temp')}</dt>
        <dd>
          {d.health?.temperatureC != null
            ? t('devices.celsius', { value: d.health.temperatureC.toFixed(1) })
            : '–'}
        </dd>
        <dt>{t('device.config')}</dt>
        <dd data-testid="device-config-version">{configText(t, d)}</dd>
      </dl>
      {d.wipePending && <Notice kind="info">{t('device.wipePending')}</Notice>}
      {lentUnenrolled(d) && !d.heldAs && (
        <Notice kind="info">
          <p data-testid="device-lent-unenrolled">
            {t('device.lentUnenrolled')}{' '}
            {/* Not "press Lav tilmeldingskode" beside the code it already made (shown under it, below). */}
            {props.readOnly
              ? t('device.lentUnenrolledVendor')
              : issued
                ? t('device.lentUnenrolledCodeShown')
                : codeStillWorks(d, Date.now())
                  ? // Made before (another visit, a colleague): not "press Lav tilmeldingskode", which replaces it.
                    t('device.lentUnenrolledCodeMade', { until: when(d.enrolmentCodeUntil ?? '') })
                  : t('device.lentUnenrolledSupport')}
          </p>
        </Notice>
      )}
      <p>
        <a class="button button-secondary" href={diagnosticsUrl(id)} download>
          <Icon name="book" /> {t('device.diagnostics')}
        </a>
      </p>
      <div aria-live="polite" data-testid="device-said">
        {/* Until the kiosk has used it (then it is enrolled, and the code is spent) or support leaves the page. */}
        {issued && d.lifecycle === 'registered' && (
          <Notice kind="success">
            <p data-testid="enrolment-code">
              {t('device.codeShown', { code: issued.code, until: when(issued.expiresAt) })}
            </p>
          </Notice>
        )}
        {said && (
          <Notice kind="success">
            <p ref={saidBox} tabIndex={-1}>
              {said}
            </p>
          </Notice>
        )}
      </div>
      <ActionError error={error} />
      {!props.readOnly && (
        <>
          <h3>{t('device.actions')}</h3>
          <div class="button-row">
            <button
              type="button"
              class="button"
              disabled={busy || !enrolled}
              onClick={() =>
                void act(
                  () => identify(token, id),
                  () => t('device.identified'),
                )
              }
            >
              <Icon name="info" /> {t('device.identify')}
            </button>
            <button
              type="button"
              class="button"
              disabled={busy || !enrolled}
              onClick={() =>
                void act(
                  () => restart(token, id),
                  () => t('device.restarted'),
                )
              }
            >
              <Icon name="power" /> {t('device.restart')}
            </button>
            {d.lifecycle === 'registered' && (
              <button
                type="button"
                class="button"
                disabled={busy}
                onClick={() =>
                  void run(async () => {
                    setSaid(null);
                    setIssued(await enrolmentCode(token, id));
                    setTick((n) => n + 1);
                  })
                }
              >
                <Icon name="key" /> {t('device.code')}
              </button>
            )}
          </div>
          <Outcomes commands={d.recentCommands} when={when} />

          {d.collectSince && (
            <CollectPanel
              label={d.label}
              text={collectText(t, d)}
              busy={busy}
              onCollected={() =>
                void act(
                  () => markCollected(token, id),
                  () => t('kiosk.collectedDone', { label: d.label }),
                )
              }
            />
          )}
          <h3>{t('lend.heading')}</h3>
          {d.lent ? (
            <>
              <p data-testid="lent-to">{lentToLine(t, d)}</p>
              <ConfirmButton
                label={t('lend.return')}
                icon="home"
                title={t('lend.returnTitle', { label: d.label, name: d.citizenName ?? '' })}
                text={t('lend.returnText', { name: d.citizenName ?? '' })}
                disabled={busy}
                onConfirm={() =>
                  void act(
                    () => giveBack(token, id),
                    () => t('lend.returned'),
                  )
                }
              />
            </>
          ) : wipeFirst(d) ? (
            <LendAfterReturn
              device={d}
              busy={busy}
              act={act}
              token={token}
              onLendBack={(c) =>
                lendTo({ id: c.id, displayName: c.name, deviceLabel: null, units: [], ref: '' })
              }
            />
          ) : (
            !d.heldAs &&
            d.lifecycle !== 'wiping' &&
            d.lifecycle !== 'retired' && <CitizenPicker busy={busy} onPick={lendTo} />
          )}

          {/* Keyed by the device only: a background re-read (every 2 s) never resets what support is typing. */}
          {d.lifecycle !== 'wiping' && d.lifecycle !== 'retired' ? (
            <DeviceSettingsForm
              key={id}
              csrfToken={token}
              deviceId={id}
              current={d.targetConfig}
              pools={props.units.filter((u) => u.kind === 'night_watch_pool')}
              borrower={d.citizenId ? { id: d.citizenId, name: d.citizenName ?? '' } : null}
              label={d.label}
              polledAt={polled.updatedAt?.getTime()}
              onSent={(version) => {
                setSaid(t('settings.sent', { version }));
                setTick((n) => n + 1);
              }}
            />
          ) : null}

          <DangerZone device={d} busy={busy} act={act} token={token} />
        </>
      )}
    </Section>
  );
}

/**
 * Each command with when support sent it (municipal time): two lines "Indstillinger: udført" could not be told
 * apart, so nobody knew whether the settings just sent had arrived or an older version had (kioskwalk).
 */
function Outcomes(props: { commands: readonly CommandOutcome[]; when: (iso: string) => string }) {
  const { t } = useI18n();
  return (
    <>
      <h3>{t('device.outcomes')}</h3>
      {props.commands.length === 0 ? (
        <p>{t('device.noOutcomes')}</p>
      ) : (
        <ul class="outcome-list" data-testid="device-outcomes" aria-live="polite">
          {props.commands.slice(0, 5).map((c) => (
            <li key={c.id}>
              <strong>
                {t(`command.${c.type}`)} ({props.when(c.createdAt)}):
              </strong>{' '}
              {t(`status.${c.status}`, { reason: c.reason ?? '' })}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
