import type { ServerMessage, SignallingSurface } from '@screenvisit/protocol';
import WebSocket from 'ws';
import { goOnDuty, grantCallPermission } from '../../src/care/index.js';
import {
  citizenEnrolmentsTable,
  poolCoverageTable,
  unitMembershipsTable,
  unitsTable,
} from '../../src/db/index.js';
import { createCitizen, createMunicipality, createStaff, sessionFor } from '../fixtures.js';
import type { TestCloud } from '../test-cloud.js';

/** For tests only: a signalling client over a real WebSocket with a real session cookie. */
/** A minimal SDP: the cloud relays offers and answers without reading them, so tests need no real media. */
export const SDP_STUB = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n';

export interface Client {
  readonly ws: WebSocket;
  readonly messages: ServerMessage[];
  readonly resumeToken: string;
  /** The session the socket was opened with (its cookie and CSRF headers, its id). */
  readonly session: Awaited<ReturnType<typeof sessionFor>>;
  send(message: Record<string, unknown>): void;
  next<T extends ServerMessage['type']>(
    type: T,
    where?: (m: Extract<ServerMessage, { type: T }>) => boolean,
  ): Promise<Extract<ServerMessage, { type: T }>>;
  has(type: ServerMessage['type']): boolean;
}

export async function until(predicate: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

/**
 * Who opens a socket. `surface`: what the socket declares itself at open (`/ws?surface=`, protocol
 * SignallingSurface); careWorld's night-watch members open their night-watch console, anyone else a page that
 * declares nothing (a day page). `dayPage` turns a member into the latter.
 */
export interface SocketSubject {
  readonly kind: 'staff' | 'citizen';
  readonly id: string;
  readonly municipalityId: string;
  readonly surface?: SignallingSurface;
}

/** The same person on a page that declares nothing: the staff app's day page, not their night-watch console. */
export const dayPage = ({ surface: _console, ...subject }: SocketSubject): SocketSubject => subject;

export async function connect(t: TestCloud, subject: SocketSubject, resumeToken?: string): Promise<Client> {
  const session = await sessionFor(t, subject);
  const { headers } = session;
  const query = subject.surface ? `?surface=${subject.surface}` : '';
  const ws = new WebSocket(`${t.base.replace('http', 'ws')}/ws${query}`, {
    headers: { cookie: headers.cookie!, origin: t.base },
  });
  const messages: ServerMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as ServerMessage));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const send = (m: Record<string, unknown>) => ws.send(JSON.stringify({ v: 1, ...m }));
  const find = <T extends ServerMessage['type']>(
    type: T,
    where?: (m: Extract<ServerMessage, { type: T }>) => boolean,
  ) =>
    messages.find(
      (m): m is Extract<ServerMessage, { type: T }> => m.type === type && (!where || where(m as never)),
    );
  send({ type: 'hello', ...(resumeToken ? { resumeToken } : {}) });
  await until(() => find('welcome') !== undefined, 'welcome');
  return {
    ws,
    messages,
    resumeToken: find('welcome')!.resumeToken,
    session,
    send,
    async next(type, where) {
      await until(() => find(type, where) !== undefined, type);
      return find(type, where)!;
    },
    has: (type) => messages.some((m) => m.type === type),
  };
}

/**
 * A small municipality: a home-care team (staff `nurse` with citizen `home`), a colleague outside it, and a
 * facility covered by a night-watch pool with two members on duty and a resident who may call the watch.
 */
export async function careWorld(t: TestCloud, at = new Date()) {
  const db = t.cloud.db.db;
  const m = await createMunicipality(t);
  const staff = (name: string) => createStaff(t, m.id, 'staff', { displayName: name });
  const [nurse, stranger, watchA, watchB] = [
    await staff('Mette Hjemmepleje'),
    await staff('Fremmed Kollega'),
    await staff('Jonas Nattevagt'),
    await staff('Ida Nattevagt'),
  ];
  const home = await createCitizen(t, m.id, { displayName: 'Birthe Borger' });
  const resident = await createCitizen(t, m.id, { displayName: 'Aase Beboer' });
  const unit = async (kind: 'home_care_team' | 'facility' | 'night_watch_pool') =>
    (await db.insert(unitsTable).values({ municipalityId: m.id, kind, name: kind }).returning())[0]!;
  const team = await unit('home_care_team');
  const facility = await unit('facility');
  const pool = await unit('night_watch_pool');
  await db.insert(unitMembershipsTable).values([
    { staffId: nurse.id, unitId: team.id },
    { staffId: watchA.id, unitId: pool.id },
    { staffId: watchB.id, unitId: pool.id },
  ]);
  await db.insert(poolCoverageTable).values({ poolUnitId: pool.id, facilityUnitId: facility.id });
  const [homeEnrolment] = await db
    .insert(citizenEnrolmentsTable)
    .values({ citizenId: home.id, unitId: team.id, startedAt: new Date(at.getTime() - 86_400_000) })
    .returning();
  const [residentEnrolment] = await db
    .insert(citizenEnrolmentsTable)
    .values({ citizenId: resident.id, unitId: facility.id, startedAt: new Date(at.getTime() - 86_400_000) })
    .returning();
  await grantCallPermission(db, {
    municipalityId: m.id,
    enrolmentId: residentEnrolment!.id,
    direction: 'citizen_to_night_watch',
    windows: null,
    at: new Date(at.getTime() - 60_000),
  });
  for (const w of [watchA, watchB]) await goOnDuty(db, { poolUnitId: pool.id, staffId: w.id, at });
  const who = (kind: 'staff' | 'citizen', id: string) => ({ kind, id, municipalityId: m.id });
  return {
    municipalityId: m.id,
    team,
    facility,
    pool,
    homeEnrolment: homeEnrolment!,
    nurse: who('staff', nurse.id),
    stranger: who('staff', stranger.id),
    // Their sockets are their night-watch consoles (connect declares it), as the /nightwatch/ page's are.
    watchA: { ...who('staff', watchA.id), surface: 'nightwatch' as const },
    watchB: { ...who('staff', watchB.id), surface: 'nightwatch' as const },
    home: who('citizen', home.id),
    resident: who('citizen', resident.id),
  };
}
