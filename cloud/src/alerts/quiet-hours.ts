import type { DeviceConfig } from '@screenvisit/protocol';
import { DailySpan, isWithinDailySpan } from '../care/index.js';

/**
 * Is `at` inside the kiosk's quiet hours (local to the municipality, may cross midnight)? Quiet hours are when
 * the citizen does NOT expect calls, so an offline kiosk then is no alert. The rule is the care settings' daily
 * span (care/time/windows.ts); only the shape differs: the kiosk config says `start`/`end`, a span `from`/`to`.
 * Equal ends (the config allows them, a span does not) mark no quiet hours.
 */
export function inQuietHours(
  quiet: DeviceConfig['quietHours'] | undefined,
  at: Date,
  timeZone: string,
): boolean {
  const span = DailySpan.safeParse(quiet ? { from: quiet.start, to: quiet.end } : null);
  return span.success && isWithinDailySpan(span.data, at, timeZone);
}
