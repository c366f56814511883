import { DEFAULT_DEVICE_CONFIG, DeviceConfig } from '@screenvisit/protocol';
import { z } from 'zod';
import type { ConfigFlags } from './args.js';
import { allowedTransitions, CloudLifecycle, inventoryStateFromCloud } from './inventory.js';

/** The cloud's device view, as far as the CLI reads it (unknown extra fields pass through). */
export const Device = z
  .object({
    id: z.string(),
    label: z.string(),
    lifecycle: CloudLifecycle,
    lent: z.boolean(),
    /** Support only: whom it is lent to (vendor support's view leaves it out). */
    citizenName: z.string().nullable().optional(),
    heldAs: z.enum(['lost', 'in_repair']).nullable().optional(),
    /** Taken back from a citizen and not wiped since: the cloud lends it to nobody else before a wipe. */
    returnedUnwipedAt: z.string().nullable().optional(),
    online: z.boolean(),
    lastSeenAt: z.string().nullable(),
    software: z.string().nullable(),
    engine: z.string().nullable(),
    configVersion: z.number(),
    targetConfigVersion: z.number(),
    pendingCommands: z.number(),
    health: z
      .object({ uptimeS: z.number(), rttMs: z.number().nullable(), temperatureC: z.number().nullable() })
      .nullable(),
    targetConfig: DeviceConfig.nullable().optional(),
  })
  .loose();
export type Device = z.infer<typeof Device>;
export const DeviceList = z.object({ devices: z.array(Device) });

/** The municipality's zone, as the web pages show times in it (cloud/web/src/shared/municipal-date.ts). */
export const MUNICIPAL_ZONE = 'Europe/Copenhagen';

const wallClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: MUNICIPAL_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'longOffset',
});

/**
 * An instant as Copenhagen wall time with its offset, to the minute: "2026-12-07 11:57+01:00". ISO 8601 (RFC 3339
 * with a space) rather than "7.12. 11.57": it has the year (a kiosk in a drawer since last winter), it sorts, it
 * reads the same pasted into a ticket or next to `--json`'s UTC, and the offset tells +01:00 from summer's
 * +02:00, so the hour that comes twice in October is not ambiguous.
 */
export function municipalTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    wallClock.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  const offset = part('timeZoneName').replace(/^GMT/, '') || '+00:00';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}${offset}`;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/**
 * A kiosk lent before it enrolled is `registered` at the cloud, which the shelf calls in_stock: the list said
 * "in_stock" of a kiosk the console shows as "Udlånt, men ikke tilmeldt". Said as the console says it.
 */
const stateOf = (d: Device) =>
  d.lent && d.lifecycle === 'registered' ? 'lent, not enrolled' : shelfState(d);
/**
 * The shelf's state, with `returned` from the cloud's returnedUnwipedAt: a kiosk taken back and not wiped is not
 * "enrolled" (ready): it holds the last borrower's contacts, and the cloud lends it to nobody else before a wipe.
 */
const shelfState = (d: Device) =>
  inventoryStateFromCloud(d.lifecycle, d.returnedUnwipedAt ? 'returned' : undefined);
/** Whom, by name, as the console's list; vendor support's view has no names. */
const lentTo = (d: Device) => (d.lent ? (d.citizenName ?? '(hidden)') : '-');

export function deviceTable(devices: readonly Device[]): string {
  if (devices.length === 0) return 'No devices registered yet.';
  const rows = devices.map((d) => [
    d.label,
    d.id,
    stateOf(d),
    lentTo(d),
    d.online ? 'online' : 'offline',
    d.lastSeenAt ? municipalTime(d.lastSeenAt) : '-',
    `${d.software ?? '-'}/${d.engine ?? '-'}`,
    `${d.configVersion}/${d.targetConfigVersion}`,
    d.health ? `${d.health.uptimeS}s ${d.health.rttMs ?? '-'}ms ${d.health.temperatureC ?? '-'}°C` : '-',
  ]);
  const head = [
    'LABEL',
    'ID',
    'STATE',
    'LENT TO',
    'LINK',
    'LAST SEEN',
    'SOFTWARE/ENGINE',
    'CONFIG',
    'HEALTH',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows]
    .map((r) =>
      r
        .map((c, i) => pad(c, widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function describeDevice(d: Device): string {
  const state = shelfState(d);
  return [
    `${d.label} (${d.id})`,
    `  state:    ${state} (cloud: ${d.lifecycle}); next: ${allowedTransitions(state).join(', ') || 'none'}`,
    `  lent to:  ${d.lent ? (d.citizenName ?? '(hidden)') : 'nobody'}${d.heldAs ? `; marked ${d.heldAs.replace('_', ' ')}` : ''}`,
    `  link:     ${d.online ? 'online' : 'offline'}, last seen ${d.lastSeenAt ? municipalTime(d.lastSeenAt) : 'never'}`,
    `  software: ${d.software ?? '-'}, engine ${d.engine ?? '-'}`,
    `  config:   applied v${d.configVersion}, target v${d.targetConfigVersion}, ${d.pendingCommands} command(s) pending`,
    `  health:   ${d.health ? `up ${d.health.uptimeS}s, RTT ${d.health.rttMs ?? '-'} ms, ${d.health.temperatureC ?? '-'} °C` : 'no heartbeat yet'}`,
  ].join('\n');
}

/**
 * Flags → the cloud's partial config; nested settings are completed from the current target. Never autoAnswer:
 * the agent does not read it (args.ts AUTO_ANSWER_MOVED), so the stored value is left as it is.
 */
export function configBody(current: Device, flags: z.infer<typeof ConfigFlags>): Record<string, unknown> {
  const base = current.targetConfig ?? DEFAULT_DEVICE_CONFIG;
  const body: Record<string, unknown> = {};
  if (flags.volume !== undefined) body.volume = flags.volume;
  if (flags.brightness !== undefined) body.brightness = flags.brightness;
  if (flags['quiet-hours'] !== undefined) body.quietHours = flags['quiet-hours'];
  if (flags['night-watch'] !== undefined || flags.pool !== undefined) {
    const poolId = flags.pool ?? base.nightWatch.poolId;
    body.nightWatch = {
      enabled: flags['night-watch'] ?? base.nightWatch.enabled,
      ...(poolId ? { poolId } : {}),
    };
  }
  return body;
}
