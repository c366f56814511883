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
 * The change in words, as it stands inside a sentence: "lydstyrke 40, lysstyrke 80 og stille timer fra kl. 22.00
 * til 07.00". Times as the reader writes them (formatClockTime: "22.00" in Danish).
 */
export function changesInWords(t: Translate, changes: BulkChanges, language: 'da' | 'en'): string {
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
  return parts.length === 0 ? last : `${parts.join(', ')} ${t('bulk.and')} ${last}`;
}

/** The change in words as a sentence starts: "Lydstyrke 40, lysstyrke 80 og …". */
export function describeChanges(t: Translate, changes: BulkChanges, language: 'da' | 'en'): string {
  const text = changesInWords(t, changes, language);
  return text.charAt(0).toLocaleUpperCase(language) + text.slice(1);
}

/**
 * How many kiosks a push reaches, in use now and not: the preview's answer before the question, the push's
 * answer after it (cloud/src/devices/bulk-config.ts BulkReach; inUse + notInUse = devices).
 */
export interface BulkReach {
  readonly devices: number;
  readonly inUse: number;
  readonly notInUse: number;
}

/**
 * The part of the kiosks that is not in use now (a wiped box back on the shelf, a revoked credential, lost or in
 * repair, taken back and waiting for its wipe): they get the new target too, and apply it when they are enrolled again. Said apart, so "40 skærme" is
 * not read as "40 hear it now". Nothing when every one is in use.
 */
function notInUseWords(t: Translate, reach: BulkReach): string | null {
  if (reach.notInUse === 0) return null;
  if (reach.notInUse === reach.devices) return t('bulk.noneInUse', { count: reach.devices });
  return t('bulk.notInUse', { count: reach.notInUse });
}

/**
 * The question before the push: "Send lydstyrke 45 til 40 skærme i kommunen?", and under it the part not in
 * use and what every kiosk keeps. `unit`: the unit's name, or null for the whole municipality.
 */
export function askWords(
  t: Translate,
  input: { changes: BulkChanges; reach: BulkReach; unit: string | null; language: 'da' | 'en' },
): { title: string; text: string } {
  const where = input.unit === null ? t('bulk.where.all') : t('bulk.where.unit', { unit: input.unit });
  return {
    title: t('bulk.confirmTitle', {
      count: input.reach.devices,
      changes: changesInWords(t, input.changes, input.language),
      where,
    }),
    text: [notInUseWords(t, input.reach), t('bulk.confirmRest')].filter((s) => s !== null).join(' '),
  };
}

/**
 * The push's answer: "40 skærme har fået ændringen. 3 af dem er ikke i brug lige nu og får den, når de tages i
 * brug igen. Skærme, der er online, …". The push counts under its own locks, so this is the truth when the set
 * changed since the question.
 */
export function doneWords(t: Translate, reach: BulkReach): string {
  return [
    t('bulk.done', { count: reach.devices }),
    notInUseWords(t, reach),
    reach.inUse > 0 ? t('bulk.whenOnline', { count: reach.devices }) : null,
  ]
    .filter((s) => s !== null)
    .join(' ');
}
