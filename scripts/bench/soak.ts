import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { MqttClient } from 'mqtt';
import WebSocket from 'ws';
import { cookieName } from '../../cloud/src/auth/session-cookie.js';
import { createSession } from '../../cloud/src/auth/session-store.js';
import {
  citizenEnrolmentsTable,
  citizensTable,
  devicesTable,
  municipalitiesTable,
  staffTable,
  unitMembershipsTable,
  unitsTable,
} from '../../cloud/src/db/index.js';
import { uptime } from './chromium-kiosk.js';
import { Fleet } from './scale/fleet.js';
import { benchDatabase, seedFleet } from './scale/seed.js';
import { cpuSeconds, freePort, rssKb, sleep, startCloudProcess } from './scale/servers.js';
import { dropWatch, establishedSockets, inspector } from './soak/process-watch.js';

/**
 * `npm run bench soak` (issue 14): one cloud process (cloud/src/main.ts, real PostgreSQL) held for an hour with
 * BENCH_SOAK_DEVICES (2,000) simulated kiosks with real credentials (scale/fleet.ts: heartbeats every 30 s) and
 * a staff member calling a kiosk every BENCH_SOAK_CALL_SECONDS (5) over the WebSocket: place → the kiosk
 * accepts on sig/up → offer/answer/ICE relayed (SDP text only, no media: media is peer to peer and never passes
 * the cloud) → held a second → hang-up. Every minute 1 % of the kiosks reconnect and the staff socket is
 * replaced, so connection set-up and tear-down are soaked too. Once a minute it samples the cloud process's
 * RSS and open fds (/proc) and, over the inspector (NODE_OPTIONS=--inspect on a loopback port), its JS heap
 * after a forced GC and its active libuv resources (process.getActiveResourcesInfo()).
 * Prints the growth after BENCH_SOAK_WARMUP_MINUTES (10) to the end: target RSS < 5 %, no fd/handle growth;
 * and every kiosk socket it did not close itself, with why (dropWatch), apart from PostgreSQL's (establishedSockets).
 * BENCH_SOAK_MINUTES (60) sets the length. Not run in CI.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 60);
const WARMUP_MINUTES = Number(process.env.BENCH_SOAK_WARMUP_MINUTES ?? Math.min(10, MINUTES / 3));
const DEVICES = Number(process.env.BENCH_SOAK_DEVICES ?? 2_000);
const CALL_SECONDS = Number(process.env.BENCH_SOAK_CALL_SECONDS ?? 5);
const CHURN_PER_MINUTE = Math.max(1, Math.round(DEVICES / 100));
const CALL_TIMEOUT_MS = 20_000;
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const log = (what: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${what}`);

interface Sample {
  minute: number;
  rssKb: number;
  heapUsedKb: number;
  fds: number;
  sockets: { kiosks: number; database: number };
  resources: number;
  byType: Record<string, number>;
  cpuPercent: number;
  calls: number;
  failed: number;
}

/** The staff member's signalling socket, with waiters for the messages a call needs. */
async function staffSocket(base: string, cookie: string) {
  const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, { headers: { cookie, origin: base } });
  const waiters: {
    match: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }[] = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as Record<string, unknown>;
    for (const w of [...waiters])
      if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const next = (match: (m: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => waiters.push({ match, resolve }));
  const send = (m: Record<string, unknown>) => ws.send(JSON.stringify({ v: 1, ...m }));
  const welcomed = next((m) => m.type === 'welcome');
  send({ type: 'hello' });
  await welcomed;
  return {
    next,
    send,
    close: () => {
      waiters.length = 0;
      ws.close();
    },
  };
}

const withTimeout = <T>(promise: Promise<T>, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out: ${what}`)), CALL_TIMEOUT_MS),
    ),
  ]);

function slopePerMinute(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export async function soakBenchmark(): Promise<void> {
  console.log(
    `soak: ${DEVICES} kiosks, a call every ${CALL_SECONDS} s, ${MINUTES} min (warm-up ${WARMUP_MINUTES} min), ` +
      `${CHURN_PER_MINUTE} kiosk reconnects/min; load before: ${uptime()}`,
  );
  const database = await benchDatabase();
  const inspectPort = await freePort();
  let server: Awaited<ReturnType<typeof startCloudProcess>> | null = null;
  let fleet: Fleet | null = null;
  let probe: Awaited<ReturnType<typeof inspector>> | null = null;
  let sampler: NodeJS.Timeout | null = null;
  const drops = dropWatch(log);
  try {
    server = await startCloudProcess(root, {
      DATABASE_URL: database.url,
      NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}`,
    });
    const { db, devices } = await seedFleet(database.url, DEVICES);
    // A home-care team with one nurse, and every kiosk lent to a citizen of that team: the nurse may call each.
    const [device0] = await db.db.select({ m: devicesTable.municipalityId }).from(devicesTable).limit(1);
    const municipalityId = device0!.m;
    // The nurse's session must outlive the run: the default idle timeout (15 min) ends it, since the soak makes
    // no HTTP requests that would count as activity, and the next socket would be refused (401).
    await db.db
      .update(municipalitiesTable)
      .set({
        settings: {
          staffNetworks: ['127.0.0.0/8', '::1/128'],
          idleTimeoutMinutes: Math.min(24 * 60, Math.ceil(MINUTES) + 30),
        },
      })
      .where(eq(municipalitiesTable.id, municipalityId));
    const [team] = await db.db
      .insert(unitsTable)
      .values({ municipalityId, kind: 'home_care_team', name: 'Soak team' })
      .returning();
    const [nurse] = await db.db
      .insert(staffTable)
      .values({ municipalityId, username: 'soak-nurse', displayName: 'Soak Sygeplejerske', role: 'staff' })
      .returning();
    await db.db.insert(unitMembershipsTable).values({ staffId: nurse!.id, unitId: team!.id });
    const citizenOf = new Map<string, string>();
    for (let i = 0; i < devices.length; i += 500) {
      const batch = devices.slice(i, i + 500);
      const citizens = await db.db
        .insert(citizensTable)
        .values(batch.map((_, j) => ({ municipalityId, displayName: `Borger ${i + j}` })))
        .returning({ id: citizensTable.id });
      await db.db.insert(citizenEnrolmentsTable).values(
        citizens.map((c) => ({
          citizenId: c.id,
          unitId: team!.id,
          startedAt: new Date(Date.now() - 86_400_000),
        })),
      );
      for (const [j, d] of batch.entries()) {
        citizenOf.set(d.id, citizens[j]!.id);
        await db.db.update(devicesTable).set({ citizenId: citizens[j]!.id }).where(eq(devicesTable.id, d.id));
      }
    }
    const { token } = await createSession(db.db, {
      subjectKind: 'staff',
      subjectId: nurse!.id,
      municipalityId,
      stage: 'full',
      method: 'test',
      ip: '127.0.0.1',
      now: new Date(),
      absoluteMs: (MINUTES + 30) * 60_000,
    });
    await db.close();
    const cookie = `${cookieName(true)}=${token}`;

    fleet = new Fleet(server.url, devices);
    // The kiosk's side of a call, as the agent answers it (without media).
    const ended = new Map<string, () => void>();
    fleet.onSignal = (deviceId, m, client: MqttClient) => {
      const up = (message: Record<string, unknown>) =>
        client
          .publishAsync(`sv/v1/d/${deviceId}/sig/up`, JSON.stringify({ v: 1, ...message }), { qos: 1 })
          .catch(() => undefined);
      if (m.type === 'call.incoming') void up({ type: 'call.accept', callId: m.callId });
      if (m.type === 'rtc.offer') {
        void up({ type: 'rtc.answer', callId: m.callId, sdp: SDP });
        void up({ type: 'rtc.ice', callId: m.callId, candidate: null });
      }
      if (m.type === 'call.ended') ended.get(String(m.callId))?.();
    };
    log('connecting the fleet');
    const connectS = await fleet.connectAll(50);
    log(`${DEVICES} kiosks connected in ${connectS.toFixed(1)} s (${fleet.retries} retried)`);
    for (const { id, client } of fleet.clients) drops.watch(id, client);
    const mqttPort = Number(new URL(server.url).port);
    fleet.startHeartbeats(30_000);

    probe = await inspector(inspectPort);
    const samples: Sample[] = [];
    let calls = 0;
    let failed = 0;
    const failures = new Map<string, number>();
    const started = performance.now();
    let lastCpu = cpuSeconds(server.pid);
    let lastAt = started;
    const pid = server.pid;
    const takeSample = async () => {
      const now = performance.now();
      const cpu = cpuSeconds(pid);
      const rss = rssKb(pid);
      const fds = readdirSync(`/proc/${pid}/fd`).length;
      const sockets = establishedSockets(pid, mqttPort);
      const inside = await probe!.sample();
      const sample: Sample = {
        minute: (now - started) / 60_000,
        rssKb: rss,
        fds,
        sockets,
        ...inside,
        cpuPercent: (100 * (cpu - lastCpu)) / ((now - lastAt) / 1000),
        calls,
        failed,
      };
      lastCpu = cpu;
      lastAt = now;
      samples.push(sample);
      log(
        `min ${sample.minute.toFixed(1)}: RSS ${(rss / 1024).toFixed(1)} MB, heap ${(sample.heapUsedKb / 1024).toFixed(1)} MB, ` +
          `fds ${fds} (kiosk sockets ${sockets.kiosks}, database ${sockets.database}), resources ${sample.resources} ${JSON.stringify(sample.byType)}, CPU ${sample.cpuPercent.toFixed(1)} %, ` +
          `calls ${calls} ok / ${failed} failed, load ${uptime()}`,
      );
    };
    await takeSample();
    sampler = setInterval(() => void takeSample().catch((e) => log(`sample failed: ${e}`)), 60_000);

    let staff = await staffSocket(server.base, cookie);
    let minuteOfLastChurn = 0;
    const deadline = started + MINUTES * 60_000;
    for (let i = 0; performance.now() < deadline; i++) {
      const callStarted = performance.now();
      const minute = Math.floor((callStarted - started) / 60_000);
      if (minute > minuteOfLastChurn) {
        minuteOfLastChurn = minute;
        // A refused socket is counted and the old one kept, so one bad minute does not end the soak.
        await staffSocket(server.base, cookie).then(
          (fresh) => {
            staff.close();
            staff = fresh;
          },
          (e: unknown) => failures.set(`staff socket: ${e}`, (failures.get(`staff socket: ${e}`) ?? 0) + 1),
        );
        for (let c = 0; c < CHURN_PER_MINUTE; c++) {
          const index = Math.floor(Math.random() * fleet.clients.length);
          drops.closing(fleet.clients[index]!.client);
          await fleet.reconnect(index).then(
            () => drops.watch(fleet!.clients[index]!.id, fleet!.clients[index]!.client),
            (e: unknown) => {
              failures.set(`reconnect: ${e}`, (failures.get(`reconnect: ${e}`) ?? 0) + 1);
            },
          );
        }
      }
      const device = devices[i % devices.length]!;
      const citizenId = citizenOf.get(device.id)!;
      const requestId = `soak-${i}`;
      try {
        const ringing = staff.next(
          (m) => (m.type === 'call.ringing' || m.type === 'call.refused') && m.requestId === requestId,
        );
        staff.send({ type: 'call.place', requestId, to: { kind: 'citizen', id: citizenId } });
        const rung = await withTimeout(ringing, 'call.ringing');
        if (rung.type === 'call.refused') throw new Error(`refused ${String(rung.code)}`);
        const callId = String(rung.callId);
        const kioskEnded = new Promise<void>((resolve) => ended.set(callId, resolve));
        await withTimeout(
          staff.next((m) => m.type === 'call.accepted' && m.callId === callId),
          'call.accepted',
        );
        const answered = staff.next((m) => m.type === 'rtc.answer' && m.callId === callId);
        staff.send({ type: 'rtc.offer', callId, sdp: SDP });
        await withTimeout(answered, 'rtc.answer');
        staff.send({ type: 'rtc.ice', callId, candidate: null });
        await sleep(1_000);
        const staffEnded = staff.next((m) => m.type === 'call.ended' && m.callId === callId);
        staff.send({ type: 'call.hangup', callId });
        await withTimeout(Promise.all([staffEnded, kioskEnded]), 'call.ended on both sides');
        ended.delete(callId);
        calls += 1;
      } catch (error) {
        failed += 1;
        const key = String(error instanceof Error ? error.message : error);
        failures.set(key, (failures.get(key) ?? 0) + 1);
      }
      const wait = CALL_SECONDS * 1000 - (performance.now() - callStarted);
      if (wait > 0) await sleep(Math.min(wait, Math.max(0, deadline - performance.now())));
    }
    clearInterval(sampler);
    sampler = null;
    await takeSample();
    staff.close();

    const after = samples.filter((s) => s.minute >= WARMUP_MINUTES);
    const first = after[0] ?? samples[0]!;
    const last = samples[samples.length - 1]!;
    const pct = (a: number, b: number) => `${(((b - a) / a) * 100).toFixed(1)} %`;
    const rssSlope = slopePerMinute(after.map((s) => ({ x: s.minute, y: s.rssKb })));
    const heapSlope = slopePerMinute(after.map((s) => ({ x: s.minute, y: s.heapUsedKb })));
    console.log(`\nsoak results (${MINUTES} min, ${calls} calls ok, ${failed} failed)`);
    for (const [why, n] of failures) console.log(`  failure x${n}: ${why}`);
    console.log(
      `  RSS after warm-up (min ${first.minute.toFixed(0)}) ${(first.rssKb / 1024).toFixed(1)} MB → end ${(last.rssKb / 1024).toFixed(1)} MB: ` +
        `growth ${pct(first.rssKb, last.rssKb)} (target < 5 %: ${((last.rssKb - first.rssKb) / first.rssKb / 0.05).toFixed(2)} of target); ` +
        `max after warm-up ${(Math.max(...after.map((s) => s.rssKb)) / 1024).toFixed(1)} MB; trend ${rssSlope.toFixed(0)} KB/min`,
    );
    console.log(
      `  JS heap after GC ${(first.heapUsedKb / 1024).toFixed(1)} MB → ${(last.heapUsedKb / 1024).toFixed(1)} MB: ` +
        `growth ${pct(first.heapUsedKb, last.heapUsedKb)}; trend ${heapSlope.toFixed(0)} KB/min`,
    );
    console.log(
      `  kiosk sockets at the cloud ${first.sockets.kiosks} → ${last.sockets.kiosks} (of ${DEVICES}); ` +
        `dropped without the bench closing them: ${drops.drops.length}; database sockets ` +
        `${first.sockets.database} → ${last.sockets.database} (postgres.js ends each at its max_lifetime, 30–60 min)`,
    );
    for (const why of drops.drops) console.log(`  dropped: ${why}`);
    console.log(
      `  open fds ${first.fds} → ${last.fds} (${last.fds - first.fds >= 0 ? '+' : ''}${last.fds - first.fds}); ` +
        `active resources ${first.resources} → ${last.resources}; ${JSON.stringify(first.byType)} → ${JSON.stringify(last.byType)}`,
    );
    console.log(
      `  cloud CPU mean after warm-up ${(after.reduce((s, x) => s + x.cpuPercent, 0) / Math.max(1, after.length)).toFixed(1)} %`,
    );
    console.log(`  load after: ${uptime()}`);
  } finally {
    if (sampler) clearInterval(sampler);
    probe?.close();
    for (const { client } of fleet?.clients ?? []) drops.closing(client);
    await fleet?.close();
    await server?.stop();
    await database.drop();
  }
}
