import { defineEnv, envBool, envLogLevel, envPort, parseEnv } from '@screenvisit/protocol/env';
import { z } from 'zod';

/**
 * Every environment variable the cloud process reads. docs/operations.md is generated from this table
 * (npm run docs:config) and `npm test` fails when the two disagree.
 */
export const cloudEnv = defineEnv({
  PORT: {
    schema: envPort,
    default: '8080',
    doc: 'HTTP port: API, browser clients and call-signalling WebSocket (/ws).',
  },
  HOST: {
    schema: z.string().min(1),
    default: '127.0.0.1',
    doc: 'Address the HTTP and MQTT listeners bind to. Use 0.0.0.0 behind a reverse proxy or to reach kiosks on a LAN.',
  },
  MQTT_PORT: {
    schema: envPort,
    default: '18830',
    doc: 'MQTT over TCP for kiosks. Not 1883: many hosts (and the test machines) already run Mosquitto there.',
  },
  MQTT_WS_PORT: {
    schema: envPort,
    default: '18831',
    doc: 'MQTT over WebSocket (path /mqtt) for kiosks behind HTTP-only networks.',
  },
  DATABASE_URL: {
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'expected postgres://user@host:port/database')
      .optional(),
    doc: 'PostgreSQL server (postgres://…). Unset: embedded PGlite under DATA_DIR/pglite.',
  },
  DATA_DIR: {
    schema: z.string().min(1),
    default: '.data/cloud',
    doc: 'Folder for the embedded database and demo files. Back it up (docs/operations.md#backup).',
  },
  LOG_LEVEL: { schema: envLogLevel, default: 'info', doc: 'pino log level. Logs carry internal ids only.' },
  DEMO: {
    schema: envBool,
    default: 'false',
    doc: 'Seed the demo municipality when the database is empty and issue an enrolment code for the demo kiosk.',
  },
  DEMO_PASSWORD: {
    schema: z.string().min(12),
    default: 'Skaermbesoeg-demo-2026',
    doc: 'Password given to the seeded demo staff (demo mode only).',
  },
  PUBLIC_URL: {
    schema: z.url().optional(),
    doc: 'The URL people use to reach this server, for printed links. Default http://HOST:PORT.',
  },
  COOKIE_SECURE: {
    schema: envBool,
    default: 'true',
    doc: 'Mark the session cookie Secure (and __Host- prefixed). Browsers accept this on http://localhost too; never turn it off in production.',
  },
  TRUSTED_PROXIES: {
    schema: z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.union([z.cidrv4(), z.cidrv6()]))),
    default: '',
    doc: 'Comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed. Empty (default): the header is ignored.',
  },
  SESSION_ABSOLUTE_HOURS: {
    schema: z.coerce.number().min(1).max(24),
    default: '12',
    doc: 'Absolute session lifetime in hours, whatever the activity.',
  },
  SHUTDOWN_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(100).max(60_000),
    default: '8000',
    doc: 'On SIGTERM/SIGINT: how long to drain before forcing exit (the whole stop stays under 10 s).',
  },
});

export type CloudConfig = ReturnType<typeof loadCloudConfig>;

export function loadCloudConfig(env: Record<string, string | undefined> = process.env) {
  return parseEnv('screenvisit-cloud', cloudEnv, env);
}
