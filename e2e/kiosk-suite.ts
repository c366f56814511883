import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { connectAsync, type ErrorWithReasonCode } from 'mqtt';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  callRecordsTable,
  deviceCommandsTable,
  enqueueCommand,
  openDatabase,
} from '../cloud/src/db/index.js';
import { createLogger } from '../cloud/src/kernel/logger.js';
import { createStaff } from '../cloud/test/fixtures.js';
import { createTestDatabase } from '../cloud/test/postgres-database.js';
import { startTestCloud, type TestCloud } from '../cloud/test/test-cloud.js';
import { NO_MEDIA_MS } from '../device/src/media/no-media-watchdog.js';
import type { MediaEngine } from '../device/src/media-engine.js';
import { readTree, removeDir, startTestKiosk, type TestKiosk } from '../device/src/testing/kiosk.js';
import { careWorld, configCommand, kioskFor, staffSession, until, type World } from './kiosk-world.js';
import { launchBrowser, openStaffBrowser, type StaffBrowser } from './staff-browser.js';

export interface KioskSuiteOptions {
  /** False skips (requireOrSkip already warned, or threw under CI=true). */
  enabled: boolean;
  engine: () => Promise<MediaEngine>;
}

/** careWorld's nurse: the name the ringing kiosk must show, and no file or log line may hold. */
const NURSE = 'Mette Hjemmepleje';
const CLOUD_ENV = { COOKIE_SECURE: 'false', CALL_RING_SECONDS: '30' };

/** CONNECT with a kiosk's credential: the CONNACK return code (0 accepted, 5 not authorised). */
async function connackOf(
  t: { cloud: { ports: { mqtt: number } } },
  credential: { deviceId: string; mqttPassword: string },
) {
  try {
    const client = await connectAsync(`mqtt://127.0.0.1:${t.cloud.ports.mqtt}`, {
      clientId: credential.deviceId,
      username: credential.deviceId,
      password: credential.mqttPassword,
      reconnectPeriod: 0,
      connectTimeout: 5_000,
    });
    await client.endAsync(true);
    return 0;
  } catch (error) {
    return (error as Partial<ErrorWithReasonCode>).code ?? -1;
  }
}

const readCredential = async (kiosk: TestKiosk) =>
  JSON.parse(await readFile(join(kiosk.dataDir, 'credential.json'), 'utf8')) as {
    deviceId: string;
    mqttPassword: string;
  };

/**
 * The whole system with one media engine (issue 6 "Done when"): the real cloud on PostgreSQL, the real kiosk
 * agent on the simulated board, and staff in a real Chromium.
 */
export function kioskSuite(name: string, options: KioskSuiteOptions) {
  describe.skipIf(!options.enabled)(`the kiosk with the ${name} engine, end to end`, () => {
    let t: TestCloud;
    let w: World;
    let browser: Browser;
    const cleanup: (() => Promise<unknown>)[] = [];

    beforeAll(async () => {
      t = await startTestCloud(CLOUD_ENV);
      w = await careWorld(t);
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await t?.close();
    });
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
    });
    const track = <T extends { close?: () => Promise<unknown>; stop?: () => Promise<unknown> }>(x: T) => {
      cleanup.push(async () => {
        await (x.stop ?? x.close)?.call(x);
      });
      return x;
    };
    // careWorld's night-watch members open their console (`surface`), anyone else a plain page.
    const staffBrowser = async (who: World['nurse'] | World['watchA']): Promise<StaffBrowser> => {
      const cookie = (await staffSession(t, who)).cookie!;
      return track(await openStaffBrowser(browser, t, cookie, 'surface' in who ? who.surface : null));
    };
    const online = async (kiosk: TestKiosk) => {
      track(kiosk);
      cleanup.push(() => removeDir(kiosk.dataDir));
      await until('the kiosk online and asleep', () => kiosk.agent.online && kiosk.agent.state === 'asleep');
    };

    it('a staff call rings the sleeping kiosk, the button answers, video flows both ways, the button hangs up', async () => {
      const kiosk = await kioskFor(t, w, w.home.id, await options.engine());
      await online(kiosk);
      const { board, agent } = kiosk;
      expect(board.screen.state.on).toBe(false);
      const nurse = await staffBrowser(w.nurse);
      await nurse.send({ type: 'call.place', requestId: 'e2e-1', to: { kind: 'citizen', id: w.home.id } });

      await until('ringing', () => agent.state === 'ringing' && board.speaker.state.ringing);
      expect(board.screen.state.on).toBe(true);
      expect(agent.screen.callerName).toBe(NURSE);

      board.press('answer');
      await until('in call', () => agent.state === 'in_call', 30_000);
      expect(board.speaker.state.ringing).toBe(false);
      const media = await options.engine();
      const stats = await until('frames at the kiosk', async () => {
        const s = await media.stats();
        return s && s.framesReceived > 0 ? s : null;
      });
      expect(stats.framesSent).toBeGreaterThan(0);
      const first = await until('frames in Chromium', async () => {
        const n = await nurse.framesDecoded();
        return n > 0 ? n : null;
      });
      await until('more frames in Chromium', async () => (await nurse.framesDecoded()) > first);

      board.press('answer');
      await nurse.next('call.ended');
      await until('idle', () => agent.state === 'idle');
      expect(await media.stats()).toBeNull();
      // SCREEN_SLEEP_SECONDS=1 in the test kiosk.
      await until('screen off', () => agent.state === 'asleep' && !board.screen.state.on, 5_000);

      // Nothing personal or media-like left behind: only the credential and the cached config.
      expect(agent.screen.callerName).toBeNull();
      const files = await readTree(kiosk.dataDir);
      for (const f of files) {
        expect(['credential.json', 'config.json']).toContain(f.path.slice(kiosk.dataDir.length + 1));
        expect(f.content).not.toMatch(/Mette|Birthe/);
      }
      expect(kiosk.logs.join('\n')).not.toMatch(/Mette|Birthe/);
    });

    it('the night-watch button rings the console of the staff member who went on duty through the care API', async () => {
      const kiosk = await kioskFor(t, w, w.resident.id, await options.engine());
      await online(kiosk);
      // Only watchA is on duty, and went on duty through the care API (off, then on again).
      const duty = async (who: World['watchA'], onDuty: boolean) => {
        const response = await fetch(`${t.base}/api/night-watch/pools/${w.pool.id}/duty`, {
          method: 'POST',
          headers: await staffSession(t, who),
          body: JSON.stringify({ onDuty }),
        });
        expect(response.status).toBe(200);
      };
      await duty(w.watchB, false);
      await duty(w.watchA, false);
      await duty(w.watchA, true);
      const console = await staffBrowser(w.watchA);
      await t.cloud.deviceLink.enqueue(
        kiosk.agent.deviceId!,
        configCommand(1, { enabled: true, poolId: w.pool.id }),
      );
      await until('config applied', () => kiosk.logs.some((l) => l.includes('config applied')));

      kiosk.board.press('nightWatch');
      await until('calling', () => kiosk.agent.state === 'connecting');
      const incoming = await console.next('call.incoming');
      expect(incoming.from).toEqual({ kind: 'citizen', id: w.resident.id });

      // The console answers; the kiosk is the caller and offers.
      await console.send({ type: 'call.accept', callId: incoming.callId });
      await until('in call', () => kiosk.agent.state === 'in_call', 30_000);
      await until('frames in the console', async () => (await console.framesDecoded()) > 0);
      await console.send({ type: 'call.hangup', callId: incoming.callId });
      await until('idle', () => kiosk.agent.state === 'idle' || kiosk.agent.state === 'asleep');
    });

    it('the night-watch console reloads in the middle of a call: the kiosk offers again and video is back within seconds, in the same call', async () => {
      const kiosk = await kioskFor(t, w, w.resident.id, await options.engine());
      await online(kiosk);
      // Only watchA rings (whatever the tests before left on duty).
      for (const [who, onDuty] of [
        [w.watchB, false],
        [w.watchA, true],
      ] as const) {
        const response = await fetch(`${t.base}/api/night-watch/pools/${w.pool.id}/duty`, {
          method: 'POST',
          headers: await staffSession(t, who),
          body: JSON.stringify({ onDuty }),
        });
        expect(response.status).toBe(200);
      }
      const console = await staffBrowser(w.watchA);
      await t.cloud.deviceLink.enqueue(
        kiosk.agent.deviceId!,
        configCommand(1, { enabled: true, poolId: w.pool.id }),
      );
      await until('config applied', () => kiosk.logs.some((l) => l.includes('config applied')));

      kiosk.board.press('nightWatch');
      const incoming = await console.next('call.incoming');
      await console.send({ type: 'call.accept', callId: incoming.callId });
      await until('in call', () => kiosk.agent.state === 'in_call', 30_000);
      await until('frames in the console', async () => (await console.framesDecoded()) > 0);

      // F5: the console's socket and peer connection are gone; the page comes back with its resume token.
      const reloadedAt = Date.now();
      await console.reload();
      const again = await console.next('call.accepted');
      expect(again.callId).toBe(incoming.callId);
      const frames = await until(
        'frames in the reloaded console',
        async () => {
          const n = await console.framesDecoded();
          return n > 0 ? n : null;
        },
        20_000,
      );
      const backAfterMs = Date.now() - reloadedAt;
      // A few seconds, not the ~17 s it takes ICE on the old connection to fail (or never, on webrtcbin).
      expect(backAfterMs).toBeLessThan(6_000);
      await until(
        'more frames in the reloaded console',
        async () => (await console.framesDecoded()) > frames,
      );
      const atKiosk = await until('frames from the reloaded console at the kiosk', async () => {
        const s = await (await options.engine()).stats();
        return s && s.framesReceived > 0 ? s : null;
      });
      expect(atKiosk.framesReceived).toBeGreaterThan(0);
      expect(kiosk.agent.state).toBe('in_call');
      expect(kiosk.logs.join('\n')).toMatch(/the call was resumed: negotiating media again/);
      process.stdout.write(`[${name}] video back in the console ${backAfterMs} ms after the reload\n`);

      await console.send({ type: 'call.hangup', callId: incoming.callId });
      await until('idle', () => kiosk.agent.state === 'idle' || kiosk.agent.state === 'asleep');
    });

    it('a console that called the resident back reloads in the middle of the call: the kiosk answers its new offer and video is back within seconds', async () => {
      const kiosk = await kioskFor(t, w, w.home.id, await options.engine());
      await online(kiosk);
      const nurse = await staffBrowser(w.nurse);
      await nurse.send({ type: 'call.place', requestId: 'e2e-back', to: { kind: 'citizen', id: w.home.id } });
      await until('ringing', () => kiosk.agent.state === 'ringing');
      kiosk.board.press('answer');
      await until('in call', () => kiosk.agent.state === 'in_call', 30_000);
      const { callId } = await nurse.next('call.ringing');
      await until('frames in the browser', async () => (await nurse.framesDecoded()) > 0);

      const reloadedAt = Date.now();
      await nurse.reload();
      expect((await nurse.next('call.accepted')).callId).toBe(callId);
      await until('frames in the reloaded browser', async () => (await nurse.framesDecoded()) > 0, 20_000);
      const backAfterMs = Date.now() - reloadedAt;
      expect(backAfterMs).toBeLessThan(6_000);
      await until('frames from the reloaded browser at the kiosk', async () => {
        const s = await (await options.engine()).stats();
        return s && s.framesReceived > 0 ? s : null;
      });
      expect(kiosk.agent.state).toBe('in_call');
      process.stdout.write(`[${name}] (kiosk called) video back ${backAfterMs} ms after the reload\n`);

      kiosk.board.press('answer');
      await nurse.next('call.ended');
      await until('idle', () => kiosk.agent.state === 'idle' || kiosk.agent.state === 'asleep');
    });

    it("the nurse's camera and microphone stop reaching the call while its connection stays up: the kiosk ends it as failed after the watchdog's 20 s and says so calmly", async () => {
      const kiosk = await kioskFor(t, w, w.home.id, await options.engine());
      await online(kiosk);
      const nurse = await staffBrowser(w.nurse);
      await nurse.send({ type: 'call.place', requestId: 'silent', to: { kind: 'citizen', id: w.home.id } });
      await until('ringing', () => kiosk.agent.state === 'ringing');
      kiosk.board.press('answer');
      await until('in call', () => kiosk.agent.state === 'in_call', 30_000);
      const { callId } = await nurse.next('call.ringing');
      const media = await options.engine();
      await until('frames at the kiosk', async () => ((await media.stats())?.framesReceived ?? 0) > 0);

      const stoppedAt = Date.now();
      await nurse.stopSending();
      const calm = await until(
        'the calm line on the glass',
        () => kiosk.agent.screen.message?.text ?? null,
        NO_MEDIA_MS + 15_000,
      );
      const afterMs = Date.now() - stoppedAt;
      expect(calm).toBe('Forbindelsen blev afbrudt. Opkaldet er slut.');
      // Not before the watchdog's time (a pause is not a loss), and not much after it (one stats read late).
      expect(afterMs).toBeGreaterThan(NO_MEDIA_MS - 1_000);
      expect(afterMs).toBeLessThan(NO_MEDIA_MS + 8_000);
      expect((await nurse.next('call.ended')).reason).toBe('failed');
      const records = await t.cloud.db.db
        .select()
        .from(callRecordsTable)
        .where(eq(callRecordsTable.callId, callId));
      expect(records[0]?.endReason).toBe('failed');
      expect(kiosk.logs.join('\n')).toMatch(/"reason":"media_lost"/);
      process.stdout.write(`[${name}] silent call ended ${afterMs} ms after the other side stopped\n`);
    }, 90_000);

    it('a wipe while online and a wipe while offline both leave the kiosk unenrolled and its credential refused', async () => {
      const support = await createStaff(t, w.municipalityId, 'support');
      const supportHeaders = await staffSession(t, {
        kind: 'staff',
        id: support.id,
        municipalityId: w.municipalityId,
      });
      const wipe = async (deviceId: string) => {
        const response = await fetch(`${t.base}/api/devices/${deviceId}/wipe`, {
          method: 'POST',
          headers: supportHeaders,
          body: '{}',
        });
        expect(response.status, await response.clone().text()).toBe(202);
      };

      const onlineKiosk = await kioskFor(t, w, w.home.id, await options.engine());
      await online(onlineKiosk);
      const first = await readCredential(onlineKiosk);
      await wipe(first.deviceId);
      await until('unenrolled', () => onlineKiosk.agent.state === 'unenrolled');
      expect(await readdir(onlineKiosk.dataDir)).toEqual([]);
      expect(await connackOf(t, first)).toBe(5);

      const offlineKiosk = await kioskFor(t, w, w.home.id, await options.engine());
      await online(offlineKiosk);
      const second = await readCredential(offlineKiosk);
      await offlineKiosk.stop();
      await wipe(second.deviceId);
      const back = await startTestKiosk({
        cloudUrl: t.base,
        mqttUrl: `mqtt://127.0.0.1:${t.cloud.ports.mqtt}`,
        dataDir: offlineKiosk.dataDir,
        media: await options.engine(),
      });
      track(back);
      await until(
        'wiped itself on the refusal',
        () => back.agent.state === 'unenrolled' && back.logs.some((l) => l.includes('wiped')),
      );
      expect(await readdir(offlineKiosk.dataDir)).toEqual([]);
      expect(await connackOf(t, second)).toBe(5);
    });
  });

  describe.skipIf(!options.enabled)(`the ${name} kiosk when the cloud restarts`, () => {
    it('reconnects by itself after the cloud process restarts and receives the command queued meanwhile', async () => {
      const database = await createTestDatabase();
      let t = await startTestCloud({ ...CLOUD_ENV, DATABASE_URL: database.url });
      const ports = t.cloud.ports;
      const w = await careWorld(t);
      const kiosk = await kioskFor(t, w, w.home.id, await options.engine());
      try {
        await until('online', () => kiosk.agent.online && kiosk.agent.state === 'asleep');
        const deviceId = kiosk.agent.deviceId!;
        await t.close(); // the cloud process is gone: broker, HTTP, database connections

        await until('offline', () => !kiosk.agent.online);
        const db = await openDatabase({
          url: database.url,
          dataDir: '',
          log: createLogger({ level: 'silent' }),
        });
        const command = configCommand(7, { enabled: false });
        await enqueueCommand(db.db, deviceId, command);
        await db.close();

        t = await startTestCloud({
          ...CLOUD_ENV,
          DATABASE_URL: database.url,
          PORT: String(ports.http),
          MQTT_PORT: String(ports.mqtt),
          MQTT_WS_PORT: String(ports.mqttWs),
        });
        await until('back online', () => kiosk.agent.online, 20_000);
        await until('the queued config applied', async () => {
          const stored = JSON.parse(
            await readFile(join(kiosk.dataDir, 'config.json'), 'utf8').catch(() => '{}'),
          );
          return stored.configVersion === 7;
        });
        const acked = await until('acknowledged', async () => {
          const [row] = await t.cloud.db.db
            .select()
            .from(deviceCommandsTable)
            .where(eq(deviceCommandsTable.id, command.id));
          return row?.ackedAt ? row : null;
        });
        expect(acked.ackStatus).toBe('applied');
        expect(kiosk.logs.join('\n')).toMatch(/reconnecting after backoff/);
      } finally {
        await kiosk.stop();
        await removeDir(kiosk.dataDir);
        await t.close();
        await database.drop();
      }
    });
  });
}
