import type { Translate } from '../../shared/i18n-context.js';
import { formatClockTime } from '../../shared/municipal-date.js';

/**
 * The "Skift indstillinger for mange skærme" form (bulk-settings-panel.tsx) as the body of ONE
 * POST /api/devices/config (cloud/src/devices/bulk-config-route.ts): only the settings support chose to change
 * are sent, so every kiosk keeps its own value of the rest (the route merges `changes` into each kiosk's current
 * target). The ranges are the kiosk's own (protocol DeviceConfig); the cloud checks them again.
 */
export interface BulkForm {
  /** '' keeps each kiosk's own volume. */
  readonly volume: string;
  readonly brightness: string;
  readonly quiet: 'keep' | 'on' | 'off';
  readonly quietFrom: string;
  readonly quietTo: string;
}

export const EMPTY_BULK_FORM: BulkForm = {
  volume: '',
  brightness: '',
  quiet: 'keep',
  quietFrom: '22:00',
  quietTo: '07:00',
};

export interface BulkChanges {
  volume?: number;
  brightness?: number;
  quietHours?: { start: string; end: string } | null;
}

/** Which field is wrong (the panel shows the sentence at that field), or that nothing was chosen. */
export type BulkProblem = 'nothing' | 'volume' | 'brightness' | 'quietTimes' | 'quietSame';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** 0–100 as a whole number, null when it is not one ("", "abc", "120", "4.5" are not). */
function percent(text: string): number | null {
  if (!/^\d{1,3}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n <= 100 ? n : null;
}

export function bulkChanges(
  form: BulkForm,
): { ok: true; changes: BulkChanges } | { ok: false; problem: BulkProblem } {
  const changes: BulkChanges = {};
  if (form.volume.trim() !== '') {
    const v = percent(form.volume);
    if (v === null) return { ok: false, problem: 'volume' };
    changes.volume = v;
  }
  if (form.brightness.trim() !== '') {
    const v = percent(form.brightness);
    if (v === null) return { ok: false, problem: 'brightness' };
    changes.brightness = v;
  }
  if (form.quiet === 'off') changes.quietHours = null;
  if (form.quiet === 'on') {
    if (!CLOCK.test(form.quietFrom) || !CLOCK.test(form.quietTo)) return { ok: false, problem: 'quietTimes' };
    if (form.quietFrom === form.quietTo) return { ok: false, problem: 'quietSame' };
    changes.quietHours = { start: form.quietFrom, end: form.quietTo };
  }
  return Object.keys(changes).length === 0 ? { ok: false, problem: 'nothing' } : { ok: true, changes };
}

/**
 * The change in words for the confirm step: "Lydstyrke 40, lysstyrke 80 og stille timer fra kl. 22.00 til 07.00".
 * Times as the reader writes them (formatClockTime: "22.00" in Danish).
 */
export function describeChanges(t: Translate, changes: BulkChanges, language: 'da' | 'en'): string {
  const parts: string[] = [];
  if (changes.volume !== undefined) parts.push(t('bulk.change.volume', { value: changes.volume }));
  if (changes.brightness !== undefined)
    parts.push(t('bulk.change.brightness', { value: changes.brightness }));
  if (changes.quietHours === null) parts.push(t('bulk.change.quietOff'));
  else if (changes.quietHours)
    parts.push(
      t('bulk.change.quietOn', {
        from: formatClockTime(changes.quietHours.start, language),
        to: formatClockTime(changes.quietHours.end, language),
      }),
    );
  const last = parts.pop() ?? '';
  const text = parts.length === 0 ? last : `${parts.join(', ')} ${t('bulk.and')} ${last}`;
  return text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
}
