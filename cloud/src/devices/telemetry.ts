import type { Clock, ClockTimer, Heartbeat } from '@screenvisit/protocol';
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { type Db, deviceHealthTable, devicesTable, presenceApplies, presenceSet } from '../db/index.js';
import { preparedPerDb } from '../db/prepared.js';
import { arrayLiteral } from '../db/unnest.js';
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
 *    offline at most a third of the window late), not on every flush; an explicit flush() always runs it.
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

  // The flush's statements are prepared once per Db (below) and each column is ONE array parameter
  // (db/unnest.ts). The column arrays are built in one pass over the batch, each row's time turned into text
  // once for both statements.
  const writeRows = async (batch: ReadonlyMap<string, Pending>, ids: readonly string[]) => {
    const online: boolean[] = [];
    const at: string[] = [];
    const engine: (string | null)[] = [];
    const software: (string | null)[] = [];
    const healthIds: string[] = [];
    const uptimeS: number[] = [];
    const rttMs: (number | null)[] = [];
    const temperatureC: (number | null)[] = [];
    const reportedAt: string[] = [];
    for (const id of ids) {
      const p = batch.get(id) as Pending;
      const iso = p.at.toISOString();
      online.push(p.online);
      at.push(iso);
      engine.push(p.engine ?? null);
      software.push(p.software ?? null);
      if (p.health === undefined) continue;
      healthIds.push(id);
      uptimeS.push(p.health.uptimeS);
      rttMs.push(p.health.rttMs);
      temperatureC.push(p.health.temperatureC);
      reportedAt.push(p.health.at === p.at ? iso : p.health.at.toISOString());
    }
    // Presence is conditional on its holder (db/repos/devices.ts PRESENCE): a late "offline" from a node the
    // kiosk has left never clears the new holder's "online".
    await presenceWrite(db).execute({
      id: arrayLiteral(ids),
      online: arrayLiteral(online),
      at: arrayLiteral(at),
      engine: arrayLiteral(engine),
      software: arrayLiteral(software),
      node: deps.nodeId,
    });
    if (healthIds.length === 0) return;
    await healthWrite(db).execute({
      id: arrayLiteral(healthIds),
      uptimeS: arrayLiteral(uptimeS),
      rttMs: arrayLiteral(rttMs),
      temperatureC: arrayLiteral(temperatureC),
      reportedAt: arrayLiteral(reportedAt),
    });
  };

  const writePending = async () => {
    const batch = pending;
    pending = new Map();
    // In device id order: the device_health upsert takes its foreign-key locks on device rows in row order. Ids
    // sort in code-unit order, as the comparison before did.
    const ids = [...batch.keys()].sort();
    for (let i = 0; i < ids.length; i += CHUNK) {
      try {
        await writeRows(batch, ids.slice(i, i + CHUNK));
      } catch (error) {
        const devices = Math.min(CHUNK, ids.length - i);
        log.error({ err: error, devices }, 'device telemetry write failed');
      }
    }
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

const column = (name: string, type: string) => sql`${sql.placeholder(name)}::${sql.raw(type)}[]`;

/**
 * The flush's two statements, built once per Db (db/prepared.ts) with one array parameter per column: every flush
 * runs the same two, yet drizzle built both from its query builder and PostgreSQL parsed and planned them again,
 * once a second; with every row's values mapped through drizzle's column mappers besides. In the heartbeat
 * window's CPU profile at 10,000 kiosks the flush was ~7 % of the cloud's main thread (docs/performance.md,
 * 2026-12-08, branch `hbpath`). Rows are locked as before: the UPDATE through the id-ordered FOR NO KEY UPDATE
 * sub-select, the device_health upsert by its rows' order (INVARIANTS above).
 */
const presenceWrite = preparedPerDb((db: Db) => {
  const node = sql.placeholder('node');
  const values = sql`unnest(${sql.join(
    [
      column('id', 'uuid'),
      column('online', 'boolean'),
      column('at', 'timestamptz'),
      column('engine', 'text'),
      column('software', 'text'),
    ],
    sql`, `,
  )}) as v(id, online, at, engine, software)`;
  return db
    .update(devicesTable)
    .set({
      ...presenceSet(sql`v.online`, sql`v.at`, node),
      engine: sql`coalesce(v.engine, ${devicesTable.engine})`,
      software: sql`coalesce(v.software, ${devicesTable.software})`,
    })
    .from(
      sql`(select v.* from ${values} join ${devicesTable} as l on l.id = v.id order by l.id for no key update of l) as v`,
    )
    .where(and(sql`${devicesTable.id} = v.id`, presenceApplies(sql`v.online`, sql`v.at`, node)))
    .prepare('telemetry_presence');
});

const healthWrite = preparedPerDb((db: Db) =>
  db
    .insert(deviceHealthTable)
    .select(
      sql`select * from unnest(${sql.join(
        [
          column('id', 'uuid'),
          column('uptimeS', 'integer'),
          column('rttMs', 'double precision'),
          column('temperatureC', 'double precision'),
          column('reportedAt', 'timestamptz'),
        ],
        sql`, `,
      )})`,
    )
    .onConflictDoUpdate({
      target: deviceHealthTable.deviceId,
      set: {
        uptimeS: sql`excluded.uptime_s`,
        rttMs: sql`excluded.rtt_ms`,
        temperatureC: sql`excluded.temperature_c`,
        reportedAt: sql`excluded.reported_at`,
      },
      setWhere: sql`${deviceHealthTable.reportedAt} <= excluded.reported_at`,
    })
    .prepare('telemetry_health'),
);
