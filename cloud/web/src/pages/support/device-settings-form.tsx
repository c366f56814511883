import { useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { type DeviceSettings, pushConfig } from './devices-api.js';
import { ActionError, TextField, useAction } from './parts.js';
import type { Unit } from './support-api.js';

const DEFAULTS: DeviceSettings = {
  volume: 70,
  brightness: 80,
  autoAnswer: { enabled: false, countdownSeconds: 10 },
  quietHours: null,
  nightWatch: { enabled: false },
};

/**
 * The kiosk's target configuration (PUT /api/devices/{id}/config): volume, brightness, auto-answer, quiet hours
 * and the night-watch pool, chosen by its name. The kiosk acknowledges the version it applied; the page shows it.
 */
export function DeviceSettingsForm(props: {
  csrfToken: string;
  deviceId: string;
  current: (DeviceSettings & { contacts?: unknown }) | null;
  pools: readonly Unit[];
  onSent: (version: number) => void;
}) {
  const { t } = useI18n();
  const start = props.current ?? DEFAULTS;
  const [s, setS] = useState<DeviceSettings>({
    volume: start.volume,
    brightness: start.brightness,
    autoAnswer: start.autoAnswer,
    quietHours: start.quietHours,
    nightWatch: start.nightWatch,
  });
  const [quiet, setQuiet] = useState(start.quietHours ?? { start: '22:00', end: '07:00' });
  const { busy, error, run } = useAction();
  const pct = (v: string) => Math.min(100, Math.max(0, Math.round(Number(v) || 0)));
  const poolId = s.nightWatch.poolId ?? props.pools[0]?.id;
  const send = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const body: DeviceSettings = {
        ...s,
        quietHours: s.quietHours ? quiet : null,
        nightWatch: s.nightWatch.enabled && poolId ? { enabled: true, poolId } : { enabled: false },
      };
      const pushed = await pushConfig(props.csrfToken, props.deviceId, body);
      props.onSent(pushed.version);
    });
  };
  return (
    <form onSubmit={send} aria-labelledby="device-settings-heading">
      <h3 id="device-settings-heading">{t('settings.heading')}</h3>
      <div class="field-row">
        <TextField
          id="set-volume"
          type="number"
          label={t('settings.volume')}
          value={String(s.volume)}
          onInput={(v) => setS({ ...s, volume: pct(v) })}
        />
        <TextField
          id="set-brightness"
          type="number"
          label={t('settings.brightness')}
          value={String(s.brightness)}
          onInput={(v) => setS({ ...s, brightness: pct(v) })}
        />
      </div>
      <div class="check-field">
        <input
          type="checkbox"
          id="set-auto"
          checked={s.autoAnswer.enabled}
          onChange={(e) => setS({ ...s, autoAnswer: { ...s.autoAnswer, enabled: e.currentTarget.checked } })}
        />
        <label for="set-auto">{t('settings.autoAnswer')}</label>
      </div>
      {s.autoAnswer.enabled && (
        <TextField
          id="set-countdown"
          type="number"
          label={t('settings.countdown')}
          value={String(s.autoAnswer.countdownSeconds)}
          onInput={(v) =>
            setS({
              ...s,
              autoAnswer: {
                ...s.autoAnswer,
                countdownSeconds: Math.min(60, Math.max(3, Math.round(Number(v) || 3))),
              },
            })
          }
        />
      )}
      <div class="check-field">
        <input
          type="checkbox"
          id="set-quiet"
          checked={s.quietHours !== null}
          onChange={(e) => setS({ ...s, quietHours: e.currentTarget.checked ? quiet : null })}
        />
        <label for="set-quiet">{t('settings.quiet')}</label>
      </div>
      {s.quietHours !== null && (
        <div class="field-row">
          <div class="field">
            <label for="set-quiet-from">{t('settings.quietFrom')}</label>
            <input
              id="set-quiet-from"
              type="time"
              value={quiet.start}
              onInput={(e) => setQuiet({ ...quiet, start: e.currentTarget.value })}
            />
          </div>
          <div class="field">
            <label for="set-quiet-to">{t('settings.quietTo')}</label>
            <input
              id="set-quiet-to"
              type="time"
              value={quiet.end}
              onInput={(e) => setQuiet({ ...quiet, end: e.currentTarget.value })}
            />
          </div>
        </div>
      )}
      <div class="check-field">
        <input
          type="checkbox"
          id="set-nightwatch"
          checked={s.nightWatch.enabled}
          onChange={(e) => setS({ ...s, nightWatch: { ...s.nightWatch, enabled: e.currentTarget.checked } })}
        />
        <label for="set-nightwatch">{t('settings.nightWatch')}</label>
      </div>
      {s.nightWatch.enabled &&
        (props.pools.length === 0 ? (
          <p>{t('settings.noPools')}</p>
        ) : (
          <div class="field">
            <label for="set-pool">{t('settings.pool')}</label>
            <select
              id="set-pool"
              value={poolId}
              onChange={(e) => setS({ ...s, nightWatch: { enabled: true, poolId: e.currentTarget.value } })}
            >
              {props.pools.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        ))}
      <button type="submit" class="button" disabled={busy}>
        <Icon name="check" /> {t('settings.send')}
      </button>
      <ActionError error={error} />
    </form>
  );
}
