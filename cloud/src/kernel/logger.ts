import { hostname } from 'node:os';
import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Structured logs carry internal ids only (docs/security.md, "minimum data"). The redaction list is a
 * second line of defence for keys that must never reach a log even by mistake.
 */
const REDACT = [
  'password',
  'secret',
  'token',
  'code',
  'displayName',
  'name',
  'phone',
  'sdp',
  'candidate',
  'mqttPassword',
  'req.headers.cookie',
  'req.headers.authorization',
  '*.password',
  '*.secret',
  '*.token',
  '*.displayName',
  '*.sdp',
];

export function createLogger(
  options: { level?: string; name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      // Not pino's `name`: that key is on the redaction list (a person's name must never reach a log), so every
      // line read "name":"[redacted]" and the cloud's lines could not be told from bootstrap's (found by opswalk).
      base: { pid: process.pid, hostname: hostname(), service: options.name ?? 'screenvisit-cloud' },
      level: options.level ?? 'info',
      redact: { paths: REDACT, censor: '[redacted]' },
    },
    options.destination ?? pino.destination(1),
  );
}
