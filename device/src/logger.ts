import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Logs carry internal ids only (device id, call id, command id). The redaction list is a second line of
 * defence: a caller's display name or the MQTT password must never reach a log, even by mistake.
 */
const REDACT = [
  'password',
  'mqttPassword',
  'code',
  'displayName',
  'callerName',
  'contacts',
  'sdp',
  'candidate',
  '*.password',
  '*.mqttPassword',
  '*.displayName',
  '*.callerName',
  '*.contacts',
  '*.sdp',
];

export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'screenvisit-kiosk',
    level: options.level ?? 'info',
    redact: { paths: REDACT, censor: '[redacted]' },
  });
}
