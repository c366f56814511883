import type { Clock, ClockTimer, Heartbeat } from '@screenvisit/protocol';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { type Db, deviceHealthTable, devicesTable } from '../db/index.js';
import { unnestInsert, unnestOf } from '../db/unnest.js';
import type { Logger } from '../kernel/logger.js';

/** Rows per statement: 5 parameters a row stays far below PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1_000;

/**
 * What one device reported since the last flush. One object per connected device, reused from flush to flush
 * (times as numbers, health in fields): a heartbeat then allocates nothing that lives until the flush. Objects
 * created per heartbeat and held for the ~1 s until the flush outlived V8's young generation and were promoted,
 * so each one cost an old-space collection later (issue 14: the heartbeat window's GC share).
 */
interface Entry {
  /** Reported since the last flush: written at the next one. */
  dirty: boolean;
  online: boolean;
  atMs: number;
  engine: string | undefined;
  software: string | undefined;
  /** A heartbeat since the last flush: its health fields are written too. */
  health: boolean;
  uptimeS: number;
  rttMs: number | null;
  temperatureC: number | null;
  /** When the heartbeat came (a later presence report moves atMs, not this). */
  healthAtMs: number;
}

/** One flush's rows, copied out of the entries before any await. */
interface Rows {
  ids: string[];
  online: boolean[];
  at: string[];
  engine: (string | null)[];
  software: (string | null)[];
  health: {
    deviceId: string;
    uptimeS: number;
    rttMs: number | null;
    temperatureC: number | null;
    at: Date;
  }[];
}

/**
 * Presence, heartbeats and last-seen, coalesced in memory and written in bulk (issue 14: each heartbeat cost two
 * writes, a third of a core at 10,000 kiosks). One flush writes every device that spoke since the last one in one
 * UPDATE ... FROM unnest(...) and one upsert of device_health per 1,000 devices, one parameter per column.
 *
 * INVARIANTS:
 *  - the newest report per device wins in memory; in the database a report older than the stored last-seen is
 *    ignored (a replay after a reconnect never moves time backwards);
 *  - this is telemetry, superseded by the next heartbeat: a crash loses at most one flush interval of it, and a
 *    kiosk re-reports its state on every (re)connect. Commands and their acks never go through here;
 *  - device rows are locked in id order, like every other bulk write of the devices table (a bulk push, acks,
 *    state reports): the UPDATE through a FOR NO KEY UPDATE sub-select, the device_health upsert (whose foreign
 *    key takes a KEY SHARE lock on each device row) by writing its rows sorted. In any other order two of them
 *    deadlock and PostgreSQL aborts one (seen at 10,000 kiosks: a bulk push answered 500 and acks were lost);
 *  - heartbeat expiry: a device marked online that has not been heard from for `offlineAfterMs` is marked
 *    offline, so a kiosk that vanished without a will (a dead node, a cut cable) is never stale-online. The
 *    expiry scans the devices table, so the timer runs it only every offlineAfterMs / 3 (a device is shown
 *    offline at most a third of the window late), not on every flush; an explicit flush() always runs it;
 *  - an entry lives while its device is connected: one whose last report was "offline" is dropped once written.
 */
export interface DeviceTelemetry {
  presence(deviceId: string, online: boolean, at: Date): void;
  heartbeat(deviceId: string, heartbeat: Heartbeat, at: Date): void;
  /**
   * Write what is pending now, then expire silent devices. The timer writes on the injected clock every
   * `flushMs` and expires every `offlineAfterMs / 3`.
   */
  flush(): Promise<void>;
  /** Devices waiting for the next flush (tests, bench). */
  pendingCount(): number;
  start(): void;
  /** Stops the timer and writes what is pending. */
  stop(): Promise<void>;
}

export function createDeviceTelemetry(deps: {
  readonly db: Db;
  readonly log: Logger;
  readonly clock: Clock;
  readonly flushMs: number;
  readonly offlineAfterMs: number;
}): DeviceTelemetry {
  const { db, log, clock } = deps;
  const entries = new Map<string, Entry>();
  /** Ids of the dirty entries, each once: a flush visits only these, not every connected device. */
  let dirtyIds: string[] = [];
  let timer: ClockTimer | null = null;
  let running: Promise<void> = Promise.resolve();
  const expireEveryMs = deps.offlineAfterMs / 3;
  let expiredAt = Number.NEGATIVE_INFINITY;

  const entryOf = (deviceId: string, atMs: number): Entry | null => {
    let entry = entries.get(deviceId);
    if (entry === undefined) {
      entry = {
        dirty: false,
        online: false,
        atMs,
        engine: undefined,
        software: undefined,
        health: false,
        uptimeS: 0,
        rttMs: null,
        temperatureC: null,
        healthAtMs: atMs,
      };
      entries.set(deviceId, entry);
    } else if (entry.dirty && entry.atMs > atMs) {
      return null; // the newest report wins
    }
    if (!entry.dirty) {
      entry.dirty = true;
      dirtyIds.push(deviceId);
    }
    entry.atMs = atMs;
    return entry;
  };

  /** Copies the dirty entries into column arrays, in device id order, and marks them written. Synchronous. */
  const takeRows = (): Rows => {
    const ids = dirtyIds;
    dirtyIds = [];
    // In device id order: the device_health upsert takes its foreign-key locks on device rows in row order.
    ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const rows: Rows = { ids, online: [], at: [], engine: [], software: [], health: [] };
    for (const id of ids) {
      const entry = entries.get(id) as Entry;
      const at = new Date(entry.atMs);
      rows.online.push(entry.online);
      rows.at.push(at.toISOString());
      rows.engine.push(entry.engine ?? null);
      rows.software.push(entry.software ?? null);
      if (entry.health) {
        rows.health.push({
          deviceId: id,
          uptimeS: entry.uptimeS,
          rttMs: entry.rttMs,
          temperatureC: entry.temperatureC,
          at: entry.healthAtMs === entry.atMs ? at : new Date(entry.healthAtMs),
        });
      }
      entry.dirty = false;
      entry.health = false;
      entry.engine = undefined;
      entry.software = undefined;
      if (!entry.online) entries.delete(id);
    }
    return rows;
  };

  // Each column is ONE parameter (db/unnest.ts): drizzle building a 1,000-row VALUES list, five cells a row, was
  // most of the cloud's heartbeat CPU at 10,000 kiosks (docs/performance.md, 2026-12-03 evening).
  const writeRows = async (rows: Rows, from: number, to: number) => {
    const rowsV = unnestOf('v', {
      id: { type: 'uuid', values: rows.ids.slice(from, to) },
      online: { type: 'boolean', values: rows.online.slice(from, to) },
      at: { type: 'timestamptz', values: rows.at.slice(from, to) },
      engine: { type: 'text', values: rows.engine.slice(from, to) },
      software: { type: 'text', values: rows.software.slice(from, to) },
    });
    await db.execute(sql`
      update ${devicesTable} as d set
        online = v.online,
        last_seen_at = v.at,
        engine = coalesce(v.engine, d.engine),
        software = coalesce(v.software, d.software)
      from (
        select v.* from ${rowsV}
        join ${devicesTable} as l on l.id = v.id
        order by l.id for no key update of l
      ) as v
      where d.id = v.id and (d.last_seen_at is null or d.last_seen_at <= v.at)`);
    const first = rows.ids[from] as string;
    const last = rows.ids[to - 1] as string;
    const health = rows.health.filter((h) => h.deviceId >= first && h.deviceId <= last);
    if (health.length === 0) return;
    await db.execute(sql`${unnestInsert(
      deviceHealthTable,
      ['deviceId', 'uptimeS', 'rttMs', 'temperatureC', 'reportedAt'],
      health.map((h) => ({
        deviceId: h.deviceId,
        uptimeS: h.uptimeS,
        rttMs: h.rttMs,
        temperatureC: h.temperatureC,
        reportedAt: h.at,
      })),
    )}
      on conflict (device_id) do update set
        uptime_s = excluded.uptime_s,
        rtt_ms = excluded.rtt_ms,
        temperature_c = excluded.temperature_c,
        reported_at = excluded.reported_at
      where ${deviceHealthTable}.reported_at <= excluded.reported_at`);
  };

  const writePending = async () => {
    const rows = takeRows();
    for (let i = 0; i < rows.ids.length; i += CHUNK) {
      const to = Math.min(i + CHUNK, rows.ids.length);
      try {
        await writeRows(rows, i, to);
      } catch (error) {
        log.error({ err: error, devices: to - i }, 'device telemetry write failed');
      }
    }
  };

  const expireSilent = async () => {
    expiredAt = clock.now();
    const cutoff = new Date(expiredAt - deps.offlineAfterMs);
    const expired = await db
      .update(devicesTable)
      .set({ online: false })
      .where(
        and(
          eq(devicesTable.online, true),
          or(isNull(devicesTable.lastSeenAt), lt(devicesTable.lastSeenAt, cutoff)),
        ),
      )
      .returning({ id: devicesTable.id });
    if (expired.length > 0) log.info({ devices: expired.length }, 'marked silent devices offline');
  };

  /** `due`: expire only when offlineAfterMs / 3 has passed since the last expiry (the timer); `now`: always. */
  const flushNow = async (expire: 'due' | 'now') => {
    await writePending();
    if (expire === 'now' || clock.now() - expiredAt >= expireEveryMs) await expireSilent();
  };

  // One flush at a time, in order: a second caller waits for the running one, then writes what came after.
  const enqueueFlush = (expire: 'due' | 'now') => {
    running = running
      .then(() => flushNow(expire))
      .catch((error: unknown) => {
        log.error({ err: error }, 'device telemetry flush failed');
      });
    return running;
  };

  const telemetry: DeviceTelemetry = {
    presence(deviceId, online, at) {
      const entry = entryOf(deviceId, at.getTime());
      if (entry !== null) entry.online = online;
    },
    heartbeat(deviceId, heartbeat, at) {
      const entry = entryOf(deviceId, at.getTime());
      if (entry === null) return;
      entry.online = true;
      entry.engine = heartbeat.engine;
      entry.software = heartbeat.software;
      entry.health = true;
      entry.uptimeS = heartbeat.uptimeS;
      entry.rttMs = heartbeat.rttMs ?? null;
      entry.temperatureC = heartbeat.temperatureC ?? null;
      entry.healthAtMs = entry.atMs;
    },
    flush() {
      return enqueueFlush('now');
    },
    pendingCount: () => dirtyIds.length,
    start() {
      if (timer !== null) return;
      const tick = () => {
        timer = clock.setTimeout(() => {
          void enqueueFlush('due').finally(() => {
            if (timer !== null) tick();
          });
        }, deps.flushMs);
      };
      tick();
    },
    async stop() {
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
      await telemetry.flush();
    },
  };
  return telemetry;
}
