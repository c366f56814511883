import type { Clock, ClockTimer, Heartbeat } from '@screenvisit/protocol';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { rowsOf } from '../db/database.js';
import { type Db, deviceHealthTable, devicesTable, presenceApplies, presenceSet } from '../db/index.js';
import { unnestInsert, unnestOf } from '../db/unnest.js';
import type { Logger } from '../kernel/logger.js';

/** Rows per statement: 5 parameters a row stays far below PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1_000;

interface Pending {
  online: boolean;
  at: Date;
  engine?: string;
  software?: string;
  health?: { uptimeS: number; rttMs: number | null; temperatureC: number | null; at: Date };
}

/**
 * Presence, heartbeats and last-seen, coalesced in memory and written in bulk (issue 14: each heartbeat cost two
 * writes, a third of a core at 10,000 kiosks). One flush writes every device that spoke since the last one in one
 * transaction per 1,000 devices: one UPDATE ... FROM unnest(...) and one upsert of device_health, one parameter
 * per column.
 *
 * INVARIANTS:
 *  - the newest report per device wins in memory; in the database a report older than the stored last-seen is
 *    ignored (a replay after a reconnect never moves time backwards). A report kept back (below) goes back under
 *    any newer one merged meanwhile (keepPending), so it never overwrites it;
 *  - this is telemetry, superseded by the next heartbeat: a crash loses at most one flush interval of it, and a
 *    kiosk re-reports its state on every (re)connect. Commands and their acks never go through here;
 *  - the flush never waits for a device row: it locks its rows FOR NO KEY UPDATE SKIP LOCKED, and a device
 *    whose row another transaction holds (a bulk push's batch holds 500 FOR UPDATE for ~250 ms) is not written
 *    this time; its report stays pending for the next flush. Waiting there made the push's ack bookkeeping
 *    queue behind the flush (issue 14, docs/performance.md). The device_health upsert names only the rows the
 *    flush locked, in the same transaction, so the KEY SHARE lock its foreign key takes on each device row is
 *    already ours (PostgreSQL docs 13.3.2, "Conflicting Row-Level Locks": FOR UPDATE conflicts with FOR KEY
 *    SHARE, FOR NO KEY UPDATE does not, and a transaction never conflicts with itself). A report still kept
 *    back at stop() is lost like a crash's: the node now holding the kiosk writes its next heartbeat;
 *  - device rows are locked in id order, like every other bulk write of the devices table (a bulk push, acks,
 *    state reports, the expiry below). In any other order two writers that wait deadlock and PostgreSQL aborts
 *    one (seen at 10,000 kiosks: a bulk push answered 500 and acks were lost). The flush itself now never waits
 *    for a device row, so it cannot close such a cycle; it keeps the one order all the same;
 *  - heartbeat expiry: a device marked online that has not been heard from for `offlineAfterMs` is marked
 *    offline, so a kiosk that vanished without a will (a dead node, a cut cable) is never stale-online. The
 *    expiry scans the devices table, so the timer runs it only every offlineAfterMs / 3 (a device is shown
 *    offline at most a third of the window late), not on every flush; an explicit flush() always runs it. It
 *    WAITS for held rows (no SKIP LOCKED): it is no superseded telemetry but the only write that shows a dead
 *    kiosk offline, and skipping would show a kiosk a push was configuring online a further third of the window;
 *    it waits at most one push batch, once per offlineAfterMs / 3, and only on silent kiosks, not the ones acking
 *    the push (devices/lock-order.int.test.ts races it against a push).
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
  /** This cloud node's id: the holder its presence writes name (db/repos/devices.ts PRESENCE). */
  readonly nodeId: string;
}): DeviceTelemetry {
  const { db, log, clock } = deps;
  let pending = new Map<string, Pending>();
  let timer: ClockTimer | null = null;
  let running: Promise<void> = Promise.resolve();
  const expireEveryMs = deps.offlineAfterMs / 3;
  let expiredAt = Number.NEGATIVE_INFINITY;

  // One object per device per flush, updated in place: at 10,000 kiosks a heartbeat arrives every 3 ms.
  const merge = (deviceId: string, next: Pending) => {
    const prev = pending.get(deviceId);
    if (prev === undefined) {
      pending.set(deviceId, next);
      return;
    }
    if (prev.at > next.at) return;
    prev.online = next.online;
    prev.at = next.at;
    if (next.engine !== undefined) prev.engine = next.engine;
    if (next.software !== undefined) prev.software = next.software;
    if (next.health !== undefined) prev.health = next.health;
  };

  // A report a flush had to leave behind (its row was held) goes back in under whatever was merged meanwhile,
  // as if it had never been taken out: a newer report still wins field by field (INVARIANTS, newest wins).
  const keepPending = (deviceId: string, held: Pending) => {
    const newer = pending.get(deviceId);
    pending.set(deviceId, held);
    if (newer !== undefined) merge(deviceId, newer);
  };

  // Each column is ONE parameter (db/unnest.ts): drizzle building a 1,000-row VALUES list, five cells a row, was
  // most of the cloud's heartbeat CPU at 10,000 kiosks (docs/performance.md, 2026-12-03 evening).
  /** One chunk in one transaction. Resolves with the devices whose rows another transaction held (not written). */
  const writeRows = (rows: [string, Pending][]) =>
    db.transaction(async (tx) => {
      const reports = unnestOf('r', {
        id: { type: 'uuid', values: rows.map(([id]) => id) },
        online: { type: 'boolean', values: rows.map(([, p]) => p.online) },
        at: { type: 'timestamptz', values: rows.map(([, p]) => p.at.toISOString()) },
        engine: { type: 'text', values: rows.map(([, p]) => p.engine ?? null) },
        software: { type: 'text', values: rows.map(([, p]) => p.software ?? null) },
      });
      // Presence is conditional on its holder (db/repos/devices.ts PRESENCE): a late "offline" from a node the
      // kiosk has left never clears the new holder's "online".
      const update = tx
        .update(devicesTable)
        .set({
          ...presenceSet(sql`mine.online`, sql`mine.at`, deps.nodeId),
          engine: sql`coalesce(mine.engine, ${devicesTable.engine})`,
          software: sql`coalesce(mine.software, ${devicesTable.software})`,
        })
        .from(sql`mine`)
        .where(
          and(
            sql`${devicesTable.id} = mine.id`,
            presenceApplies(sql`mine.online`, sql`mine.at`, deps.nodeId),
          ),
        );
      // `mine`: the rows this transaction locked, in id order, SKIP LOCKED (PostgreSQL docs, SELECT, "The Locking
      // Clause": rows that cannot be locked immediately are skipped), so the flush never waits (INVARIANTS). The
      // statement answers which rows it took and which exist but were held; a report for a device that no longer
      // exists is in neither and is dropped.
      const taken = rowsOf<{ id: string; locked: boolean }>(
        await tx.execute(sql`with reports as (select * from ${reports}),
          mine as (
            select r.* from reports r join ${devicesTable} as l on l.id = r.id
            order by l.id for no key update of l skip locked
          ),
          written as (${update.getSQL()})
          select id, true as locked from mine
          union all
          select r.id, false from reports r
          where not exists (select 1 from mine where mine.id = r.id)
            and exists (select 1 from ${devicesTable} as d where d.id = r.id)`),
      );
      // Compared in lower case: that is how PostgreSQL prints a uuid, whatever case the report came in.
      const locked = new Set(taken.filter((t) => t.locked).map((t) => t.id));
      const health = rows.flatMap(([deviceId, p]) =>
        p.health && locked.has(deviceId.toLowerCase())
          ? [
              {
                deviceId,
                uptimeS: p.health.uptimeS,
                rttMs: p.health.rttMs,
                temperatureC: p.health.temperatureC,
                reportedAt: p.health.at,
              },
            ]
          : [],
      );
      // Only rows this transaction holds FOR NO KEY UPDATE: the foreign key's KEY SHARE lock on each is then
      // already ours and cannot wait for a push's FOR UPDATE (PostgreSQL docs 13.3.2, "Conflicting Row-Level
      // Locks": FOR UPDATE conflicts with FOR KEY SHARE; a transaction never conflicts with itself).
      if (health.length > 0)
        await tx.execute(sql`${unnestInsert(
          deviceHealthTable,
          ['deviceId', 'uptimeS', 'rttMs', 'temperatureC', 'reportedAt'],
          health,
        )}
          on conflict (device_id) do update set
            uptime_s = excluded.uptime_s,
            rtt_ms = excluded.rtt_ms,
            temperature_c = excluded.temperature_c,
            reported_at = excluded.reported_at
          where ${deviceHealthTable}.reported_at <= excluded.reported_at`);
      return taken.filter((t) => !t.locked).map((t) => t.id);
    });

  const writePending = async () => {
    // In device id order, so each chunk covers a range of ids and its device_health rows are written sorted.
    const batch = [...pending].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    pending = new Map();
    let held = 0;
    for (let i = 0; i < batch.length; i += CHUNK) {
      const chunk = batch.slice(i, i + CHUNK);
      try {
        const skipped = new Set(await writeRows(chunk));
        for (const [deviceId, p] of chunk) if (skipped.has(deviceId.toLowerCase())) keepPending(deviceId, p);
        held += skipped.size;
      } catch (error) {
        log.error({ err: error, devices: chunk.length }, 'device telemetry write failed');
      }
    }
    if (held > 0)
      log.debug({ devices: held }, 'device rows held elsewhere: their telemetry waits for the next flush');
  };

  const expireSilent = async () => {
    expiredAt = clock.now();
    const cutoff = new Date(expiredAt - deps.offlineAfterMs);
    const silent = and(
      eq(devicesTable.online, true),
      or(isNull(devicesTable.lastSeenAt), lt(devicesTable.lastSeenAt, cutoff)),
    );
    // Rows locked in id order through a sub-select, like every other bulk write of devices (INVARIANTS). A plain
    // UPDATE … WHERE locks them in the order it finds them in the table: after a node dies this expiry covers
    // its kiosks while the survivor's bulk push holds 500 of them FOR UPDATE, and the two deadlocked (the push
    // answered 500; devices/lock-order.int.test.ts). The sub-select re-checks `silent` on a row it waited for,
    // so a kiosk heard from meanwhile is left alone.
    const expired = await db
      .update(devicesTable)
      .set({ online: false })
      .from(
        sql`(select ${devicesTable.id} from ${devicesTable} where ${silent} order by ${devicesTable.id} for no key update) as l`,
      )
      .where(and(sql`${devicesTable.id} = l.id`, silent))
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
      merge(deviceId, { online, at });
    },
    heartbeat(deviceId, heartbeat, at) {
      merge(deviceId, {
        online: true,
        at,
        engine: heartbeat.engine,
        software: heartbeat.software,
        health: {
          uptimeS: heartbeat.uptimeS,
          rttMs: heartbeat.rttMs ?? null,
          temperatureC: heartbeat.temperatureC ?? null,
          at,
        },
      });
    },
    flush() {
      return enqueueFlush('now');
    },
    pendingCount: () => pending.size,
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
