import { z } from 'zod';
import { Id, IsoTime } from '../ids.js';

const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
/** A switchboard number as the cloud's pool settings hold it: digits and spaces, optionally a leading +. */
const FallbackPhone = z.string().regex(/^\+?[0-9 ]{4,32}$/, 'digits and spaces, optionally a leading +');

/** A window's end may be 24:00 (the end of the day), as the cloud's call permissions write it. */
const WindowTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM');
/**
 * One of the hours a resident may call the night watch, as her call permission holds it (the cloud's
 * care/time/windows.ts TimeWindow): ISO weekdays (1 = Monday … 7 = Sunday) and a wall-clock span in the
 * municipality's zone, which is the kiosk's. `from` > `to` spans midnight, and the part after midnight belongs
 * to the listed day it started on (Friday 22:00–07:00 covers Saturday 03:00).
 */
/**
 * Unknown keys: 'refuse' where the cloud checks what it writes and sends (every boundary here is strict), 'ignore'
 * where a kiosk reads what a newer cloud may send (forward tolerance, docs/protocol.md "Config schemas"): a key
 * it does not know is dropped, every key it knows is checked as strictly as before.
 */
type UnknownKeys = 'refuse' | 'ignore';
const objectFor =
  (unknownKeys: UnknownKeys) =>
  <S extends z.ZodRawShape>(shape: S): z.ZodObject<S> =>
    // One output type either way: a refused key never reaches it, an ignored one is dropped.
    unknownKeys === 'refuse' ? (z.strictObject(shape) as unknown as z.ZodObject<S>) : z.object(shape);

const nightWatchWindow = (unknownKeys: UnknownKeys) =>
  objectFor(unknownKeys)({
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    from: WindowTime,
    to: WindowTime,
  }).refine((w) => w.from !== w.to && w.from !== '24:00', { message: 'from and to must differ' });
export const NightWatchWindow = nightWatchWindow('refuse');
export type NightWatchWindow = z.infer<typeof NightWatchWindow>;
/** The most windows a config carries: the union of a resident's night-watch permissions (20 per permission). */
export const MAX_NIGHT_WATCH_WINDOWS = 40;

/**
 * The device's target configuration. It is versioned by the cloud; the device reconciles towards it and
 * acknowledges the version it applied. Contacts' display names are kept in memory only, never on disk.
 */
const deviceConfig = (unknownKeys: UnknownKeys) => {
  const object = objectFor(unknownKeys);
  return object({
    volume: z.number().int().min(0).max(100),
    brightness: z.number().int().min(0).max(100),
    autoAnswer: object({ enabled: z.boolean(), countdownSeconds: z.number().int().min(3).max(60) }),
    quietHours: object({ start: ClockTime, end: ClockTime }).nullable(),
    // poolId: the night-watch pool the button calls (a unit id; optional so configs from before it still parse).
    // fallbackPhone: the switchboard number (not personal data) a call to that pool ends with when nobody takes
    // it, the pool's fallback pools followed as the cloud's router follows them (the last pool's number, else the
    // first's), so a kiosk that cannot reach the cloud shows the resident the number she would be given online;
    // derived by the cloud on every push, never typed. Older clouds put the first pool's own number
    // here: same field, same format, so kiosks in the field need no update and show the chain's number as soon
    // as the cloud pushes a new version (it does at its start for every kiosk whose number differs).
    // windows: when the kiosk's resident may call that pool (her call permission's windows, derived by the cloud
    // on every push, never typed), so the button's lamp is lit only while a press would reach the night watch.
    // Absent: no hours are known (an older cloud, or she may call at any time): the lamp is lit as before. Empty:
    // she may not call it now at all. A hint for the lamp only; the cloud still decides every press.
    nightWatch: object({
      enabled: z.boolean(),
      poolId: Id.optional(),
      fallbackPhone: FallbackPhone.optional(),
      windows: z.array(nightWatchWindow(unknownKeys)).max(MAX_NIGHT_WATCH_WINDOWS).optional(),
    }),
    contacts: z.array(object({ id: Id, displayName: z.string().min(1).max(80) })).max(50),
    // Whether the kiosk is lent to a citizen now (derived by the cloud from the loan, never typed). false: the loan
    // ended (returned), and the kiosk forgets what it holds in memory of its last borrower (the missed call) at
    // once, not only at a wipe. Optional so configs from before it still parse.
    lent: z.boolean().optional(),
  });
};
/**
 * Strict: what the cloud writes and sends. A field added here is optional and gets a config schema step
 * (config-schema.ts), so that kiosks of an older schema are sent the config without it.
 */
export const DeviceConfig = deviceConfig('refuse');
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export const DEFAULT_DEVICE_CONFIG: DeviceConfig = {
  volume: 70,
  brightness: 80,
  autoAnswer: { enabled: false, countdownSeconds: 10 },
  quietHours: null,
  nightWatch: { enabled: false },
  contacts: [],
};

const base = { v: z.literal(1), id: Id, issuedAt: IsoTime };

export const ConfigCommand = z
  .object({
    ...base,
    type: z.literal('config.apply'),
    version: z.number().int().min(1),
    config: DeviceConfig,
  })
  .strict();
/** Erase credential, configuration and caches, return to unenrolled, then acknowledge. */
export const WipeCommand = z.object({ ...base, type: z.literal('wipe') }).strict();
/** Blink the LED so support can find the right box on a shelf. */
export const IdentifyCommand = z
  .object({ ...base, type: z.literal('identify'), seconds: z.number().int().min(1).max(120) })
  .strict();

/**
 * Restart the kiosk agent: it acknowledges, closes its MQTT session and connects again with its stored
 * credential and configuration (a software restart; a systemd unit or balena restarts the process on a crash).
 * A kiosk in a call refuses it ('rejected') rather than drop the call.
 */
export const RestartCommand = z.object({ ...base, type: z.literal('restart') }).strict();

/** Published on sv/v1/d/{id}/cmd with QoS 1. Every command waits in the cloud's outbox until acknowledged. */
export const DeviceCommand = z.discriminatedUnion('type', [
  ConfigCommand,
  WipeCommand,
  IdentifyCommand,
  RestartCommand,
]);
export type DeviceCommand = z.infer<typeof DeviceCommand>;

/**
 * DeviceConfig as a kiosk reads it (kiosks of config schema 2 on, config-schema.ts): a key it does not know is
 * ignored instead of refusing the whole config; every key it knows is checked as strictly as in DeviceConfig.
 * The cloud shapes each config for the schema the kiosk reported, so this matters only when that report is out
 * of date (a kiosk rolled back between two connections); every new field is optional by rule, so a kiosk that
 * ignores one behaves as before the field existed. The envelopes stay strict.
 */
export const KioskDeviceConfig = deviceConfig('ignore');
/** A `config.apply` as a kiosk reads it: the strict envelope around a KioskDeviceConfig. */
export const KioskConfigCommand = z
  .object({
    ...base,
    type: z.literal('config.apply'),
    version: z.number().int().min(1),
    config: KioskDeviceConfig,
  })
  .strict();
/** DeviceCommand as a kiosk reads it (KioskDeviceConfig inside a `config.apply`). */
export const KioskDeviceCommand = z.discriminatedUnion('type', [
  KioskConfigCommand,
  WipeCommand,
  IdentifyCommand,
  RestartCommand,
]);

/**
 * The keys of a config (raw JSON) that DeviceConfig does not know, as dotted paths: what a kiosk ignored in
 * KioskDeviceConfig, for its log. Empty when there are none (or the config does not parse at all).
 */
export function unknownConfigKeys(config: unknown): string[] {
  const strict = DeviceConfig.safeParse(config);
  if (strict.success) return [];
  return strict.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' ? issue.keys.map((key) => [...issue.path, key].join('.')) : [],
  );
}

/**
 * The QoS a kiosk acknowledges each command type with on sv/v1/d/{id}/ack (docs/protocol.md "CommandAck").
 * A config.apply's ack is QoS 0: the cloud's outbox is its retry (every unacknowledged command is sent again at
 * each connection) and config.apply is idempotent and versioned, so a lost ack costs one resend at the next
 * connection; at QoS 0 the cloud writes no PUBACK and the kiosk waits for none (issue 14: the bulk push's cloud
 * CPU). Every other ack stays QoS 1, acknowledged only once the cloud has committed it: a wipe's kiosk erases its
 * credential after its ack and could never hear a resend, and a restart's restarts (issue 14 §5).
 */
export const ACK_QOS = {
  'config.apply': 0,
  identify: 1,
  wipe: 1,
  restart: 1,
} as const satisfies Record<DeviceCommand['type'], 0 | 1>;

/** Published on sv/v1/d/{id}/ack with the command type's ACK_QOS. Acknowledging the same command twice is harmless. */
export const CommandAck = z
  .object({
    v: z.literal(1),
    commandId: Id,
    status: z.enum(['applied', 'rejected', 'failed']),
    reason: z.string().max(300).optional(),
    appliedVersion: z.number().int().min(1).optional(),
    at: IsoTime,
  })
  .strict();
export type CommandAck = z.infer<typeof CommandAck>;
