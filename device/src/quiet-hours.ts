import type { DeviceConfig } from '@screenvisit/protocol';

/** `DeviceConfig.quietHours` (docs/protocol.md "DeviceConfig"): local wall-clock HH:MM, may wrap past midnight. */
export type QuietHours = DeviceConfig['quietHours'];

/**
 * The ring tone's volume (percent) during quiet hours: audible to someone awake beside the screen, not loud
 * enough to wake a neighbour through a wall. The configured volume still applies when it is lower.
 */
export const QUIET_RING_VOLUME = 25;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes since local midnight on the kiosk's wall clock (the zone's own rules, so DST needs no special case). */
export function localMinutes(epochMs: number, timeZone?: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(epochMs);
  const get = (type: 'hour' | 'minute') => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * Whether `epochMs` falls inside the quiet hours, read on the local wall clock: `start` is inside, `end` is
 * not (22:00–07:00 is quiet from 22:00:00 up to 06:59:59). A span whose start is after its end wraps past
 * midnight. A span with start = end is empty: the protocol's HH:MM cannot say 24:00, and an all-day quiet
 * kiosk would never ring loudly for anyone, which no municipality has asked for.
 */
export function isQuietAt(quietHours: QuietHours, epochMs: number, timeZone?: string): boolean {
  if (!quietHours) return false;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return false;
  const now = localMinutes(epochMs, timeZone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/**
 * What quiet hours change on the kiosk (issue 11 §5, "ring volume and auto-answer"). A call still rings and
 * wakes the screen (the caller has permission, and the citizen must see who it is), but:
 *  - the ring tone is soft (QUIET_RING_VOLUME, or the configured volume if lower);
 *  - the kiosk never answers by itself: a countdown sent by the cloud is ignored, so no camera opens at night
 *    without the citizen's press. The cloud's own auto-answer policy refuses too (cloud/src/care/auto-answer.ts);
 *    this is the kiosk's half, so a cloud and a kiosk that disagree on the hours still fail quiet.
 * The night-watch button is never affected: it is the citizen's way to get help at night.
 */
export interface QuietPolicy {
  readonly quiet: boolean;
  readonly ringVolume: number;
  readonly autoAnswer: boolean;
}

export function quietPolicy(
  settings: { quietHours: QuietHours; volume: number },
  epochMs: number,
  timeZone?: string,
): QuietPolicy {
  const quiet = isQuietAt(settings.quietHours, epochMs, timeZone);
  return {
    quiet,
    ringVolume: quiet ? Math.min(settings.volume, QUIET_RING_VOLUME) : settings.volume,
    autoAnswer: !quiet,
  };
}
