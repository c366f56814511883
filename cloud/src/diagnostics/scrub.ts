/**
 * The bundle carries no personal data (issue 12 §4): audit details are reduced to these technical keys, so a
 * citizen id, a name or an address that some action recorded never leaves. A new key is left out until it is
 * added here on purpose.
 */
const TECHNICAL_KEYS = new Set([
  'version',
  'commandId',
  'status',
  'by',
  'afterWipe',
  'before',
  'reason',
  'step',
  'next',
  'onDuty',
  'online',
  'why',
]);

export function technicalDetails(details: unknown): Record<string, string | number | boolean | null> {
  if (typeof details !== 'object' || details === null) return {};
  const kept: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(details)) {
    if (!TECHNICAL_KEYS.has(key)) continue;
    if (value === null || typeof value === 'number' || typeof value === 'boolean') kept[key] = value;
    else if (typeof value === 'string') kept[key] = value.slice(0, 120);
  }
  return kept;
}

/** One log-style line per event, for reading in a ticket: "2026-12-02T10:00:00.000Z device.config_pushed version=3". */
export function logLine(at: Date, action: string, details: Record<string, unknown>): string {
  const rest = Object.entries(details)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return `${at.toISOString()} ${action}${rest ? ` ${rest}` : ''}`;
}
