import { eq } from 'drizzle-orm';
import WebSocket from 'ws';
import { cookieName } from '../../src/auth/session-cookie.js';
import { createSession } from '../../src/auth/session-store.js';
import { goOnDuty, grantCallPermission } from '../../src/care/index.js';
import {
  citizenEnrolmentsTable,
  citizensTable,
  type Database,
  devicesTable,
  poolCoverageTable,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../../src/db/index.js';
import { cappedBackoff } from '../../web/src/shared/call/backoff.js';
import type { ServerMessage } from '../../web/src/shared/call/messages.js';
import { SignallingClient, type Timers } from '../../web/src/shared/call/signalling.js';

/**
 * A night-watch pool with `size` members on duty (ring_all, the default), covering a facility where one
 * resident may call the watch; the resident's kiosk is `kioskId`. Rows straight in the database: the pool
 * admin and duty routes have their own tests.
 */
export async function nightWatchPool(
  db: Database,
  input: { municipalityId: string; size: number; kioskId: string },
) {
  const { municipalityId } = input;
  const unit = async (kind: 'facility' | 'night_watch_pool', name: string) =>
    (await db.db.insert(unitsTable).values({ municipalityId, kind, name }).returning())[0]!;
  const facility = await unit('facility', 'Plejecenter Nord');
  const pool = await unit('night_watch_pool', 'Nattevagt Nord');
  await db.db.insert(poolCoverageTable).values({ poolUnitId: pool.id, facilityUnitId: facility.id });
  const members = await db.db
    .insert(staffTable)
    .values(
      Array.from({ length: input.size }, (_, i) => ({
        municipalityId,
        username: `nattevagt-${i}`,
        displayName: `Nattevagt ${i}`,
        role: 'staff' as const,
      })),
    )
    .returning({ id: staffTable.id });
  await db.db.insert(unitMembershipsTable).values(members.map((m) => ({ staffId: m.id, unitId: pool.id })));
  const at = new Date();
  for (const m of members) await goOnDuty(db.db, { poolUnitId: pool.id, staffId: m.id, at });
  const [resident] = await db.db
    .insert(citizensTable)
    .values({ municipalityId, displayName: 'Aase Beboer' })
    .returning({ id: citizensTable.id });
  const [enrolment] = await db.db
    .insert(citizenEnrolmentsTable)
    .values({ citizenId: resident!.id, unitId: facility.id, startedAt: new Date(at.getTime() - 86_400_000) })
    .returning();
  await grantCallPermission(db.db, {
    municipalityId,
    enrolmentId: enrolment!.id,
    direction: 'citizen_to_night_watch',
    windows: null,
    at: new Date(at.getTime() - 60_000),
  });
  await db.db.update(devicesTable).set({ citizenId: resident!.id }).where(eq(devicesTable.id, input.kioskId));
  return { pool, staffIds: members.map((m) => m.id) };
}

/** A full staff session made straight in the store, for one hour (the login routes have their own tests). */
export async function staffSessionToken(db: Database, municipalityId: string, staffId: string) {
  const { token } = await createSession(db.db, {
    subjectKind: 'staff',
    subjectId: staffId,
    municipalityId,
    stage: 'full',
    method: 'test',
    ip: '127.0.0.1',
    now: new Date(),
    absoluteMs: 3_600_000,
  });
  return token;
}

/** A console's timers in Node (the page's default, browserTimers, reads `window`). */
const nodeTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface Console {
  readonly staffId: string;
  readonly link: SignallingClient;
  readonly messages: ServerMessage[];
  /** `welcome`s received: 1 after the first open, one more after each reconnect. */
  readonly welcomes: () => number;
  /**
   * What the link did, with Date.now() times: each state it entered (`reconnecting`, `open` …), each backoff
   * delay it drew (`wait`, ms) and each `welcome`. For the failover test's timeline.
   */
  readonly trace: readonly { at: number; what: string; detail?: number }[];
}

/**
 * A night-watch console as the page runs it: the console's own SignallingClient (cloud/web/src/shared/call,
 * with its capped full-jitter backoff and `hello { resumeToken }` on reconnect), over a real WebSocket with the
 * member's session cookie and a same-origin Origin, to `base` (HAProxy's HTTP door). Only what the server
 * sends is read: the client's send() uses the browser's global WebSocket, which Node 20 does not have.
 */
export async function openConsole(db: Database, base: string, municipalityId: string, staffId: string) {
  const token = await staffSessionToken(db, municipalityId, staffId);
  const headers = { cookie: `${cookieName(true)}=${token}`, origin: base };
  const messages: ServerMessage[] = [];
  const trace: { at: number; what: string; detail?: number }[] = [];
  let welcomes = 0;
  // The page's own policy (cappedBackoff's defaults), only watched: each delay it draws goes into the trace.
  const policy = cappedBackoff();
  const link = new SignallingClient({
    url: `${base.replace('http', 'ws')}/ws`,
    surface: 'nightwatch',
    timers: nodeTimers,
    backoff: {
      next(attempt) {
        const delay = policy.next(attempt);
        trace.push({ at: Date.now(), what: 'wait', ...(delay === null ? {} : { detail: delay }) });
        return delay;
      },
    },
    createSocket: (url) => {
      const socket = new WebSocket(url, { headers });
      // A browser reports a refused handshake (HAProxy's 503 while no node is up) as `error` then `close`; `ws`
      // throws an `error` nobody listens to. The link reconnects on the `close` that follows.
      socket.on('error', () => undefined);
      return socket as unknown as globalThis.WebSocket;
    },
  });
  link.onWelcome(() => {
    welcomes++;
    trace.push({ at: Date.now(), what: 'welcome' });
  });
  link.onState((state) => trace.push({ at: Date.now(), what: state }));
  const keep = (m: ServerMessage) => messages.push(m);
  link.on('call.incoming', keep);
  link.on('call.ended', keep);
  const console: Console = { staffId, link, messages, welcomes: () => welcomes, trace };
  return console;
}
