import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useMunicipalTime } from '../../shared/use-municipal-time.js';
import { listCredentials, revokeCredential } from './citizens-api.js';
import { ConfirmButton } from './confirm-button.js';
import {
  deviceLines,
  devicesSummary,
  numberDevices,
  OWN_DEVICE_TIME,
  type OwnDevice,
  revokeQuestion,
} from './own-devices.js';
import { ActionError, useAction } from './parts.js';

/**
 * The citizen's own phones, tablets and computers (support.md task 4): every browser a code bound, when it was
 * bound and last logged in, and whether it still works. A lost one is revoked behind a question that says
 * what happens (logged out at once, cannot ring or be rung); the answer then offers the way to a new code
 * (`onNewCode`: the activation panel below). Read when the card opens and again on request, never polled.
 */
export function OwnDevicesPanel(props: {
  csrfToken: string;
  citizenId: string;
  name: string;
  onNewCode: () => void;
}) {
  const { t } = useI18n();
  const municipal = useMunicipalTime();
  const when = (at: string) => municipal(at, OWN_DEVICE_TIME);
  const [devices, setDevices] = useState<OwnDevice[] | null>(null);
  /** The number just revoked: its answer is translated as it is shown, so it follows a change of language. */
  const [done, setDone] = useState<number | null>(null);
  const { busy, error, run } = useAction();
  // The revoked one's button is gone with the question: focus goes to the way on, a new code (WCAG 2.2 SC 2.4.3).
  const newCode = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (done !== null) newCode.current?.focus();
  }, [done]);
  const load = async () => setDevices(numberDevices(await listCredentials(props.citizenId)));
  useEffect(() => void run(load), [props.citizenId]);

  const revoke = (device: OwnDevice) =>
    void run(async () => {
      setDone(null);
      await revokeCredential(props.csrfToken, props.citizenId, device.id);
      // Said once the list shows it revoked, and said even when reading the list again fails.
      try {
        await load();
      } finally {
        setDone(device.number);
      }
    });
  const summary = devices && devicesSummary(t, devices, props.name);
  return (
    <section aria-labelledby="own-devices-heading" data-testid="own-devices">
      <h3 id="own-devices-heading">
        <Icon name="phone" /> {t('ownDevices.heading')}
      </h3>
      <p class="hint">{t('ownDevices.intro')}</p>
      {devices === null && !error && <p role="status">{t('loading')}</p>}
      {summary && <p data-testid="own-devices-summary">{summary}</p>}
      {devices && devices.length > 0 && (
        <ul class="own-devices">
          {devices.map((device) => {
            const lines = deviceLines(t, device, when);
            const question = revokeQuestion(t, device, props.name, when);
            return (
              <li key={device.id} data-testid="own-device">
                <p>
                  <strong>{lines.name}</strong>: {lines.state}
                </p>
                <p class="hint">{lines.bound}</p>
                <p class="hint">{lines.lastLogin}</p>
                {!device.revokedAt && (
                  <ConfirmButton
                    label={question.label}
                    icon="lock"
                    title={question.title}
                    text={question.text}
                    disabled={busy}
                    onConfirm={() => revoke(device)}
                  />
                )}
              </li>
            );
          })}
        </ul>
      )}
      <div class="button-row">
        <button
          type="button"
          class="button button-secondary"
          aria-disabled={busy}
          onClick={() =>
            void run(async () => {
              setDone(null);
              await load();
            })
          }
        >
          <Icon name="arrowRight" /> {t('ownDevices.refresh')}
        </button>
      </div>
      <ActionError error={error} />
      {done !== null && (
        <Notice kind="success">
          <p role="status">{t('ownDevices.revokeDone', { number: done })}</p>
          <p>
            <button type="button" class="button" ref={newCode} onClick={props.onNewCode}>
              <Icon name="lock" /> {t('ownDevices.newCode', { name: props.name })}
            </button>
          </p>
        </Notice>
      )}
    </section>
  );
}
