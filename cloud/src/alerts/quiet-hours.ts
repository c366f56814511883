import { DateTime } from 'luxon';

/**
 * Is `at` inside the kiosk's quiet hours (HH:MM to HH:MM, local to the municipality, may cross midnight)?
 * Quiet hours are when the citizen does NOT expect calls, so an offline kiosk then is no alert.
 */
export function inQuietHours(
  quiet: { start: string; end: string } | null | undefined,
  at: Date,
  timeZone: string,
): boolean {
  if (!quiet) return false;
  const local = DateTime.fromJSDate(at, { zone: timeZone }).toFormat('HH:mm');
  if (quiet.start === quiet.end) return false;
  return quiet.start < quiet.end
    ? local >= quiet.start && local < quiet.end
    : local >= quiet.start || local < quiet.end;
}
