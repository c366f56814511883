import {
  HEARTBEAT_DEFAULT_SECONDS,
  HEARTBEAT_MAX_SECONDS,
  MISSED_HEARTBEATS_BEFORE_OFFLINE,
  offlineAfterProblem,
} from '@screenvisit/protocol';
import { ConfigError, defineEnv, envBool, envLogLevel, envPort, parseEnv } from '@screenvisit/protocol/env';
import { z } from 'zod';
import { postgresUrl, redisUrl } from './connection-url.js';
import { envStunUrls, envTurnUrls } from './ice-uri.js';

/**
 * Every environment variable the cloud process reads. docs/operations.md is generated from this table
 * (npm run docs:write) and `npm test` fails when the two disagree.
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
    schema: postgresUrl.optional(),
    doc: 'PostgreSQL server (postgres://…). Unset: embedded PGlite under DATA_DIR/pglite.',
  },
  DATA_DIR: {
    schema: z.string().min(1),
    default: '.data/cloud',
    doc: 'Folder for the embedded database and demo files. Back it up (docs/operations.md#backup).',
  },
  NODE_ID: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, underscore or dash (at most 64)')
      .optional(),
    doc: "This process's name in a cluster: in every log line, in /readyz, as the MQTT broker id and as the holder of its kiosks' sessions. Must differ between nodes. Default: host name and process id (`host-1234`).",
  },
  REDIS_URL: {
    schema: redisUrl.optional(),
    doc: 'Redis shared by every cloud node (redis://host:6379/0). Unset: one node, everything in this process. Set: the MQTT broker keeps sessions and queues in Redis and forwards messages between nodes (aedes-persistence-redis, mqemitter-redis), login and activation throttles count in Redis, and wipe acknowledgements and command hand-overs reach the node holding the kiosk. Set, the node refuses to start without DATABASE_URL, SECRETS_KEY and the VAPID pair (the same on every node). See docs/operations.md#two-nodes.',
  },
  REDIS_KEY_PREFIX: {
    schema: z.string().regex(/^[A-Za-z0-9:._-]{1,32}$/, 'letters, digits and : . _ - (at most 32)'),
    default: 'sv:',
    doc: "Prefix of every Redis key and of the cloud's own pub/sub channels, so one Redis can serve several installations (tests use their own). The same on every node of one installation.",
  },
  CLUSTER_NODE_TTL_SECONDS: {
    schema: z.coerce.number().int().min(2).max(120),
    default: '15',
    doc: 'With REDIS_URL: a node that has not refreshed its liveness key in Redis for this long counts as dead (kill -9, power cut); a surviving node then drops its connections and adopts its calls. Each node refreshes every third of it; a node that could not refresh it for 80 % of it fences itself (see [Two nodes](#two-nodes), "Cut off from Redis"). The same on every node.',
  },
  LOG_LEVEL: { schema: envLogLevel, default: 'info', doc: 'pino log level. Logs carry internal ids only.' },
  DEMO: {
    schema: envBool,
    default: 'false',
    doc: 'Seed the demo municipality when the database is empty and issue an enrolment code for the demo kiosk. The demo municipality idles out after 3 minutes (the night-watch lock of the README tour) and the demo kiosk has quiet hours 22:00–07:00; production defaults are unchanged.',
  },
  DEMO_PASSWORD: {
    schema: z.string().min(12),
    default: 'Kaffekande-Trappe-Vindue-47',
    doc: 'Password given to the seeded demo staff (demo mode only).',
  },
  PUBLIC_URL: {
    schema: z.url().optional(),
    doc: 'The URL people use to reach this server, for printed links. Default http://HOST:PORT.',
  },
  WEBAUTHN_RP_ID: {
    schema: z
      .string()
      .regex(/^[a-z0-9.-]+$/i, 'expected a host name such as screenvisit.kk.dk (not an IP address)'),
    default: 'localhost',
    doc: 'WebAuthn relying-party id for passkeys: the host name staff use (or a parent domain of it). Changing it orphans every registered passkey.',
  },
  WEBAUTHN_ORIGIN: {
    schema: z.url().optional(),
    doc: 'The exact origin passkey ceremonies must come from (https://host[:port]). Default: the origin of PUBLIC_URL, else http://localhost:PORT.',
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
      .pipe(
        z.array(
          z.union([z.cidrv4(), z.cidrv6()], {
            error:
              'expected CIDRs such as 10.0.0.5/32 or 10.0.0.0/24, comma-separated (one address: add /32)',
          }),
        ),
      ),
    default: '',
    doc: 'Comma-separated CIDRs of reverse proxies whose X-Forwarded-For is believed. Empty (default): the header is ignored.',
  },
  SECRETS_KEY: {
    schema: z
      .string()
      .refine(
        (s) => Buffer.from(s, 'base64').length === 32,
        'expected 32 bytes in base64 (openssl rand -base64 32)',
      )
      .optional(),
    doc: 'AES-256-GCM key (32 bytes, base64; `openssl rand -base64 32`) sealing staff TOTP secrets in the database, so a database dump alone does not reveal them. Unset: a random key is generated once and kept in DATA_DIR/secrets.key (demo and single-node development only; in production set it, the same on every node, and back it up apart from the database: losing it means everyone re-enrols TOTP).',
  },
  SESSION_ABSOLUTE_HOURS: {
    schema: z.coerce.number().min(1).max(24),
    default: '12',
    doc: 'Absolute session lifetime in hours, whatever the activity.',
  },
  INACTIVITY_SWEEP_MINUTES: {
    schema: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60),
    default: '60',
    doc: 'How often the job runs that disables accounts past their municipality’s inactivityDisableDays.',
  },
  ACCESS_REVIEW_SWEEP_MINUTES: {
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    default: '60',
    doc: 'How often the access-review job runs (opens due reviews, removes unconfirmed lines at their deadline); 0 turns it off.',
  },
  DEVICE_UPTIME_SAMPLE_MINUTES: {
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60),
    default: '15',
    doc: 'How often the uptime job records whether each lent kiosk is online (the dashboard’s weekly uptime history); 0 turns it off.',
  },
  CALL_RING_SECONDS: {
    schema: z.coerce.number().int().min(5).max(300),
    default: '45',
    doc: 'A call to a person or team that nobody answers ends `no_answer` after this long (night-watch pools use their own answer timeout).',
  },
  CALL_RECONNECT_GRACE_SECONDS: {
    schema: z.coerce.number().int().min(1).max(300),
    default: '20',
    doc: 'How long a party who lost their connection mid-call may take to come back into the same call before it ends `failed`.',
  },
  CALL_PERMISSION_RECHECK_SECONDS: {
    schema: z.coerce.number().int().min(0).max(3600),
    default: '30',
    doc: 'How often live calls are checked against the call permissions again, so a relation closed mid-call ends the call (`permission_revoked`). 0 turns the re-check off (disabling a person still ends their calls at once).',
  },
  NIGHT_WATCH_STARTUP_CHECK_SECONDS: {
    schema: z.coerce.number().int().min(0).max(3600),
    default: '60',
    doc: 'After a node starts, every night-watch pool with someone on duty is checked once this much later, so a pool whose consoles never come back after a restart raises the "nobody reachable" alert (SMS to the pool’s alert mobile, audit entry) even if no console connects at all. Long enough for open consoles to reconnect (their backoff is seconds). 0 turns the check off (not advised).',
  },
  WS_SESSION_CHECK_SECONDS: {
    schema: z.coerce.number().int().min(1).max(300),
    default: '30',
    doc: 'How often the session behind each open signalling WebSocket is read again. A session that ended (logged out elsewhere, idle or absolute timeout, a night-watch member idle after going off duty) has its sockets closed then; a locked on-duty console keeps its socket so it still rings. A logout on the same node closes them at once.',
  },
  DEVICE_WIPE_ACK_SECONDS: {
    schema: z.coerce.number().int().min(1).max(120),
    default: '10',
    doc: 'A remote wipe of an ONLINE kiosk keeps its connection open this long for the wipe acknowledgement, then cuts it (its credential is revoked at once either way; a kiosk that did not answer is refused and wipes itself at its next connection).',
  },
  DEVICE_OFFLINE_AFTER_SECONDS: {
    schema: z.coerce.number().int().min(10).max(3600),
    default: '90',
    doc: `A kiosk not heard from (no heartbeat, state or connection) for this long is shown offline even if no disconnect was seen, e.g. after the node it was on died. At least ${MISSED_HEARTBEATS_BEFORE_OFFLINE} × DEVICE_HEARTBEAT_SECONDS (checked at start-up, protocol/src/heartbeat.ts), so a lost heartbeat or two never shows a live kiosk offline.`,
  },
  DEVICE_HEARTBEAT_SECONDS: {
    schema: z.coerce.number().int().min(1).max(HEARTBEAT_MAX_SECONDS),
    default: String(HEARTBEAT_DEFAULT_SECONDS),
    doc: `The kiosks' HEARTBEAT_SECONDS (at most ${HEARTBEAT_MAX_SECONDS}, the kiosk's own limit): only used to check DEVICE_OFFLINE_AFTER_SECONDS at start-up, never sent to kiosks. Below the kiosk's minimum only for test fleets of simulated kiosks.`,
  },
  DEVICE_TELEMETRY_FLUSH_MS: {
    schema: z.coerce.number().int().min(50).max(60_000),
    default: '1000',
    doc: 'Kiosk presence, heartbeats and last-seen are gathered in memory and written in bulk this often (issue 14); also how often silent kiosks are checked for expiry.',
  },
  SHUTDOWN_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(100).max(60_000),
    default: '8000',
    doc: 'On SIGTERM/SIGINT: how long to drain before forcing exit (the whole stop stays under 10 s).',
  },
  ACTIVATION_DELIVERY: {
    schema: z.enum(['outbox', 'live']),
    default: 'outbox',
    doc: 'Citizen activation codes by SMS/Digital Post: `outbox` (dev/demo: written to the database for support to read) or `live` (the SMS gateway and Digital Post below). Letters are always PDFs. There is no e-mail channel.',
  },
  SMS_GATEWAY_URL: {
    schema: z.url(),
    default: 'https://gatewayapi.com',
    doc: 'GatewayAPI base URL (POST /rest/mtsms) for activation SMS when ACTIVATION_DELIVERY=live.',
  },
  SMS_GATEWAY_TOKEN: {
    schema: z.string().min(1).optional(),
    doc: 'GatewayAPI API token (sent as the HTTP Basic username). Required when ACTIVATION_DELIVERY=live.',
  },
  SMS_SENDER: {
    schema: z.string().regex(/^[A-Za-z0-9 ]{1,11}$/, 'up to 11 letters, digits or spaces'),
    default: 'Kommunen',
    doc: 'SMS sender name shown on the phone (GatewayAPI: up to 11 alphanumeric characters).',
  },
  DIGITAL_POST_URL: {
    schema: z.url().optional(),
    doc: 'Digital Post (NgDP) integration endpoint accepting MeMo-lite JSON. Required when ACTIVATION_DELIVERY=live.',
  },
  DIGITAL_POST_TOKEN: {
    schema: z.string().min(1).optional(),
    doc: 'Bearer token for DIGITAL_POST_URL. Required when ACTIVATION_DELIVERY=live.',
  },
  DELIVERY_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(100).max(60_000),
    default: '10000',
    doc: 'How long an SMS or Digital Post request may take before the code is reported as not sent.',
  },
  TURN_URLS: {
    schema: envTurnUrls,
    default: '',
    doc: 'Comma-separated TURN (and STUN) URIs handed to call clients, e.g. `turns:turn.example.dk:443?transport=tcp,turn:turn.example.dk:3478`. Empty: no TURN relay (calls fail across strict NATs and firewalls). See docs/operations.md#turn-coturn.',
  },
  TURN_SECRET: {
    schema: z.string().min(16, 'expected at least 16 characters (openssl rand -hex 32)').optional(),
    doc: "coturn's `static-auth-secret` (deploy/coturn/turnserver.conf), the same on both sides: it signs the time-limited TURN credentials. Required when TURN_URLS has turn:/turns: URIs. Generate with `openssl rand -hex 32`.",
  },
  TURN_TTL_SECONDS: {
    schema: z.coerce.number().int().min(60).max(86_400),
    default: '3600',
    doc: 'Lifetime of TURN credentials. A running call outlives it; an ICE restart after it needs freshly fetched credentials.',
  },
  STUN_URLS: {
    schema: envStunUrls,
    default: '',
    doc: 'Comma-separated STUN URIs (e.g. `stun:turn.example.dk:3478`) handed to call clients; left out under a relay-only policy.',
  },
  VAPID_PUBLIC_KEY: {
    schema: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{87}$/,
        'expected a P-256 public key, 65 bytes base64url (npx web-push generate-vapid-keys)',
      )
      .optional(),
    doc: 'Web Push VAPID public key (RFC 8292), base64url. Set together with VAPID_PRIVATE_KEY, the same on every node. Unset: a key pair is generated once and kept in DATA_DIR/vapid.json (single node and demo only). Changing it invalidates every citizen push subscription.',
  },
  VAPID_PRIVATE_KEY: {
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, 'expected a P-256 private key, 32 bytes base64url')
      .optional(),
    doc: 'Web Push VAPID private key (RFC 8292), base64url; see VAPID_PUBLIC_KEY. Keep it secret.',
  },
  VAPID_SUBJECT: {
    schema: z.string().regex(/^(mailto:|https:\/\/)\S+$/, 'expected mailto:address or an https:// URL'),
    default: 'mailto:drift@screenvisit.invalid',
    doc: 'Contact the push services may use about our pushes (RFC 8292 §2.1 `sub`): mailto: of the operator or an https:// URL.',
  },
  PUSH_EXTRA_CA_FILE: {
    schema: z.string().min(1).optional(),
    doc: "PEM file of an extra certificate authority trusted when delivering Web Push (the public push services need none). For a push proxy with a private CA, and for the tests' local push-service double.",
  },
  PUSH_LOCK_SCREEN: {
    schema: z.enum(['generic', 'first_name']),
    default: 'generic',
    doc: 'What a citizen\'s lock screen shows for an incoming call: `generic` ("Videoopkald fra kommunen") or `first_name` (the caller\'s first name). Push payloads never carry more than this.',
  },
});

export type CloudConfig = ReturnType<typeof loadCloudConfig>;

export function loadCloudConfig(env: Record<string, string | undefined> = process.env) {
  const config = parseEnv('screenvisit-cloud', cloudEnv, env);
  // Spec: docs/protocol.md#heartbeat, at least MISSED_HEARTBEATS_BEFORE_OFFLINE missed beats before offline.
  const expiry = offlineAfterProblem(config.DEVICE_OFFLINE_AFTER_SECONDS, config.DEVICE_HEARTBEAT_SECONDS);
  if (expiry)
    throw new ConfigError('screenvisit-cloud', [
      `DEVICE_OFFLINE_AFTER_SECONDS is too short for DEVICE_HEARTBEAT_SECONDS: ${expiry}.`,
    ]);
  // Half a pair was found only after the database had been migrated, as a plain Error: exit 1, which the
  // runbook's unit restarts in a loop (docs/operations.md, RestartPreventExitStatus=2).
  if (Boolean(config.VAPID_PUBLIC_KEY) !== Boolean(config.VAPID_PRIVATE_KEY))
    throw new ConfigError('screenvisit-cloud', [
      'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together (npx web-push generate-vapid-keys), or both left unset.',
    ]);
  // docs/operations.md#two-nodes: every node shares one PostgreSQL and the same secrets. Without them a node
  // started quietly with an embedded database of its own, or sealed TOTP secrets and signed pushes with keys it
  // generated into its own DATA_DIR, which the other nodes cannot open (staff refused on one node, not the other).
  if (config.REDIS_URL) {
    const problems: string[] = [];
    if (!config.DATABASE_URL)
      problems.push(
        'REDIS_URL is set, so DATABASE_URL is required: every node needs the same PostgreSQL (the embedded database serves one process).',
      );
    const missing = (['SECRETS_KEY', 'VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY'] as const).filter(
      (k) => !config[k],
    );
    if (missing.length > 0)
      problems.push(
        `REDIS_URL is set, so SECRETS_KEY, VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY are required, the same on every node (missing: ${missing.join(', ')}; docs/operations.md#production-runbook, step 2).`,
      );
    if (problems.length > 0) throw new ConfigError('screenvisit-cloud', problems);
  }
  return config;
}
