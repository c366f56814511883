import { useCallback, useState } from 'preact/hooks';
import { useI18n } from '../../shared/i18n-context.js';
import { Icon } from '../../shared/icons.js';
import { Notice } from '../../shared/notice.js';
import { useStatusFollows } from '../../shared/status-box.js';
import { usePolling } from '../../shared/use-polling.js';
import { failureText } from './action-failure.js';
import { BulkSettingsPanel } from './bulk-settings-panel.js';
import { Connection, lifecycleText, useWhen } from './device-bits.js';
import { DevicePage } from './device-page.js';
import { type DeviceSummary, listDevices, registerDevice } from './devices-api.js';
import { lentToText } from './kiosk-borrower.js';
import {
  countByState,
  filterKiosks,
  isKioskState,
  KIOSK_STATES,
  type KioskFilter,
  type KioskState,
  NO_FILTER,
} from './kiosk-filter.js';
import { LendPanel } from './lend-panel.js';
import { ActionError, Section, TextField, UserMessage, useAction } from './parts.js';
import type { Unit } from './support-api.js';

/**
 * Support's loan kiosks (issue 12 §2): every kiosk with its connection as the API reports it (online, or offline
 * with when it was last seen), versions, health and who has it; a kiosk opens on its own page for the actions.
 * `readOnly` (vendor support) shows the list and the diagnostics, without names or actions.
 * The list's search and state filter live here, above the list, so they outlive both its 5 s re-reads and a
 * visit to one kiosk's page (support with 40 kiosks filters "Offline", opens one, comes back to the same view).
 */
export function DevicesSection(props: {
  csrfToken: string;
  units: readonly Unit[];
  readOnly: boolean;
  /** A kiosk to start on (opened from its alert, support-nav.ts); "back" then shows the list. */
  openFirst?: string | null;
}) {
  const [open, setOpen] = useState<string | null>(props.openFirst ?? null);
  const [filter, setFilter] = useState<KioskFilter>(NO_FILTER);
  if (open) {
    return (
      <DevicePage
        csrfToken={props.csrfToken}
        deviceId={open}
        units={props.units}
        readOnly={props.readOnly}
        onBack={() => setOpen(null)}
      />
    );
  }
  return <DeviceList {...props} filter={filter} onFilter={setFilter} onOpen={setOpen} />;
}

/** The list and its polling, mounted only while no kiosk page is open (so it is read afresh on the way back). */
function DeviceList(props: {
  csrfToken: string;
  units: readonly Unit[];
  readOnly: boolean;
  filter: KioskFilter;
  onFilter: (filter: KioskFilter) => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useI18n();
  const when = useWhen();
  const [reload, setReload] = useState(0);
  const load = useCallback((signal: AbortSignal, passive: boolean) => listDevices(signal, passive), [reload]);
  const devices = usePolling(load, 5_000);
  const [label, setLabel] = useState('');
  const [registered, setRegistered] = useState<string | null>(null);
  const { busy, error, fields, run } = useAction();

  const register = (e: Event) => {
    e.preventDefault();
    // A new attempt starts without the last one's success: a refused label must not stand beside
    // "KBH-0001 er registreret." from before, which read as if the second one had been registered too.
    setRegistered(null);
    void run(async () => {
      // Said before asking, and what a refused label is wrong with stands under the field: "Nogle felter mangler
      // eller er udfyldt forkert." alone, on a form with one field, told support nothing (kioskwalk).
      if (!label.trim()) throw new UserMessage('devices.labelMissing');
      const device = await registerDevice(props.csrfToken, label.trim());
      setLabel('');
      setRegistered(device.label);
      setReload((n) => n + 1);
    });
  };
  const all = devices.data?.devices;
  // "Skærme i alt" and "Skærme forbundet" above follow the list at once (a kiosk registered, one come online).
  useStatusFollows(all ? `${all.length}/${all.filter((d) => d.online).length}` : null);
  const rows = all && filterKiosks(all, props.filter, { names: !props.readOnly });
  return (
    <Section id="devices" icon="tablet" title={t('devices.heading')}>
      {/* First: lending is what support does most here (40 kiosks in a week), registering once per box. */}
      {!props.readOnly && all && (
        <LendPanel
          csrfToken={props.csrfToken}
          devices={all}
          onLent={() => setReload((n) => n + 1)}
          onShowWaiting={() => props.onFilter({ query: '', state: 'returned' })}
        />
      )}
      {!props.readOnly && (
        <form onSubmit={register} aria-labelledby="register-heading">
          <h3 id="register-heading">{t('devices.register')}</h3>
          <TextField
            id="device-label"
            label={t('devices.label')}
            value={label}
            onInput={setLabel}
            error={fields.label}
          />
          <button type="submit" class="button" disabled={busy}>
            <Icon name="tag" /> {t('devices.registerButton')}
          </button>
          <ActionError error={error} />
          {registered && (
            <Notice kind="success">
              <p>{t('devices.registered', { label: registered })}</p>
            </Notice>
          )}
        </form>
      )}
      {!props.readOnly && (
        <BulkSettingsPanel
          csrfToken={props.csrfToken}
          units={props.units}
          onPushed={() => setReload((n) => n + 1)}
        />
      )}
      {devices.error !== undefined && <Notice kind="error">{failureText(devices.error, t)}</Notice>}
      {all === undefined && devices.error === undefined && <p role="status">{t('loading')}</p>}
      {all?.length === 0 && <p>{t('devices.none')}</p>}
      {all && rows && all.length > 0 && (
        <>
          <KioskFilterFields
            all={all}
            filter={props.filter}
            onFilter={props.onFilter}
            names={!props.readOnly}
          />
          <p role="status" data-testid="device-count">
            {t('kioskList.shown', { shown: rows.length, count: all.length })}
          </p>
          {rows.length === 0 ? (
            <p>
              {t('kioskList.noMatch')}{' '}
              <button
                type="button"
                class="button button-secondary button-small"
                onClick={() => props.onFilter(NO_FILTER)}
              >
                {t('kioskList.clear')}
              </button>
            </p>
          ) : (
            <DeviceTable rows={rows} readOnly={props.readOnly} when={when} onOpen={props.onOpen} />
          )}
        </>
      )}
    </Section>
  );
}

/** The search field and the state picker above the list; each option says how many kiosks it would show. */
function KioskFilterFields(props: {
  all: readonly DeviceSummary[];
  filter: KioskFilter;
  onFilter: (filter: KioskFilter) => void;
  names: boolean;
}) {
  const { t } = useI18n();
  const counts = countByState(props.all);
  const nameOf = (s: KioskState) =>
    s === 'all'
      ? t('kioskList.all')
      : s === 'online' || s === 'offline'
        ? t(`devices.${s}`)
        : s === 'lost' || s === 'in_repair'
          ? t(`held.${s}`)
          : s === 'to_collect'
            ? t('kiosk.state.to_collect')
            : t(`lifecycle.${s}`);
  return (
    <div class="field-row kiosk-filter">
      <TextField
        id="device-search"
        label={props.names ? t('kioskList.search') : t('kioskList.searchLabelOnly')}
        hint={props.names ? t('kioskList.searchHint') : t('kioskList.searchLabelOnlyHint')}
        value={props.filter.query}
        onInput={(query) => props.onFilter({ ...props.filter, query })}
      />
      <div class="field">
        <label for="device-state">{t('kioskList.state')}</label>
        <select
          id="device-state"
          value={props.filter.state}
          onChange={(e) => {
            const state = e.currentTarget.value;
            if (isKioskState(state)) props.onFilter({ ...props.filter, state });
          }}
        >
          {KIOSK_STATES.map((s) => (
            <option key={s} value={s}>
              {t('kioskList.option', { name: nameOf(s), count: counts[s] })}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function DeviceTable(props: {
  rows: readonly DeviceSummary[];
  readOnly: boolean;
  when: (iso: string) => string;
  onOpen: (id: string) => void;
}) {
  const { t } = useI18n();
  const { rows, when } = props;
  return (
    <table class="data-table device-table" data-testid="device-table">
      <caption>{t('devices.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('devices.col.label')}</th>
          <th scope="col">{t('devices.col.status')}</th>
          {!props.readOnly && <th scope="col">{t('devices.col.lentTo')}</th>}
          <th scope="col">{t('devices.col.lifecycle')}</th>
          <th scope="col">{t('devices.col.software')}</th>
          <th scope="col">{t('devices.col.rtt')}</th>
          <th scope="col">{t('devices.col.temp')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((d) => (
          <tr key={d.id}>
            <th scope="row">
              <button
                type="button"
                class="button button-secondary button-small"
                onClick={() => props.onOpen(d.id)}
              >
                <OpenLabel text={t('devices.open', { label: MARK })} label={d.label} />
              </button>
            </th>
            <td>
              <Connection device={d} when={when} />
            </td>
            {!props.readOnly && <td>{lentToText(t, d)}</td>}
            <td>{lifecycleText(t, d)}</td>
            {/* The media engine under the software, not a column of its own: the table fits 1280 px (support.css). */}
            <td>
              {d.software ?? '–'}
              {d.engine && <span class="cell-line">{t('kioskList.engine', { engine: d.engine })}</span>}
            </td>
            <td>{d.health?.rttMs != null ? t('devices.ms', { value: Math.round(d.health.rttMs) }) : '–'}</td>
            <td>
              {d.health?.temperatureC != null
                ? t('devices.celsius', { value: d.health.temperatureC.toFixed(1) })
                : '–'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Stands in for the label in the translated "Åbn {{label}}", so the label can be wrapped in its own element. */
const MARK = '\u0001';

/**
 * "Åbn DEMO-KIOSK-1" with the label kept on one line (support.css .device-label): it may break after "Åbn", never
 * inside the label ("Åbn / DEMO- / KIOSK- / 1" on the suptour walk). The accessible name is the whole sentence.
 */
function OpenLabel(props: { text: string; label: string }) {
  const [before = '', after = ''] = props.text.split(MARK);
  return (
    <>
      {before}
      <span class="device-label">{props.label}</span>
      {after}
    </>
  );
}
