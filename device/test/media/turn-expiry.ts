import { createHmac, randomUUID } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { type ClientMessage, deviceTopic, type ServerMessage } from '@screenvisit/protocol';
import { expect, it, onTestFinished } from 'vitest';
import { hasCoturn, type RunningCoturn, startCoturn } from '../../../test-support/coturn.js';
import { requireOrSkip } from '../../../test-support/requirements.js';
import { fullJitterBackoff } from '../../src/backoff.js';
import type { IceConfig } from '../../src/media/ice.js';
import type { MediaEngine } from '../../src/media-engine.js';
import { collect, startCloudDouble } from '../../src/testing/cloud-double.js';
import { removeDir, startTestKiosk } from '../../src/testing/kiosk.js';
import { launchChromiumPeer } from './chromium-peer.js';

// libnice allocates from its host candidates' sockets and leaves loopback out of those, so coturn listens on this
// machine's first external IPv4 address (as gstreamer.e2e.test.ts does); libwebrtc is fine with it too.
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a?.family === 'IPv4' && !a.internal)?.address;

const relayTypes = (sdp: string) => [...sdp.matchAll(/^a=candidate:.* typ (\w+)/gm)].map((m) => m[1]);

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const SECRET = 'turn-expiry-static-auth-secret';

/** Chromium decodes more than 5 new frames from the kiosk within a second. */
const movingVideo = (peer: { framesDecoded(): Promise<number> }) =>
  until('moving video through the new relay', 20_000, async () => {
    const a = await peer.framesDecoded();
    await new Promise((r) => setTimeout(r, 1_000));
    return (await peer.framesDecoded()) > a + 5;
  });

/**
 * Chromium's ICE-restart offer, with its candidates: a TURN allocation relays nothing from a peer its client has not
 * yet sent to (RFC 8656 §9: permissions; coturn drops the rest), and a rebuilt webrtcbin knows no candidate of the
 * old connection, unlike wrtc's restarted one. Under relay-only the kiosk reaches the caller only through the
 * candidates of this offer or the ones trickled after it (the staff console trickles, cloud/web shared/call/peer.ts).
 */
async function completeRestartOffer(peer: { restartOffer(): Promise<string> }) {
  const sdp = await peer.restartOffer();
  expect(relayTypes(sdp).length, 'candidates in the restart offer').toBeGreaterThan(0);
  return sdp;
}

/** coturn on the LAN address; `iceFor` signs relay-only REST credentials for it that expire in `expiresInS`. */
async function lanCoturn(): Promise<{
  coturn: RunningCoturn;
  iceFor(expiresInS: number, user: string): IceConfig;
}> {
  // On the LAN address only: a relay on loopback too would hand 127.0.0.1 to some allocations, which Chromium
  // does not pair with.
  const coturn = await startCoturn({ secret: SECRET, address: lanAddress! });
  onTestFinished(() => coturn.close());
  const iceFor = (expiresInS: number, user: string): IceConfig => {
    const username = `${Math.floor(Date.now() / 1000) + expiresInS}:${user}`;
    const credential = createHmac('sha1', SECRET).update(username).digest('base64');
    const urls = `turn:${lanAddress}:${coturn.port}?transport=udp`;
    return { iceServers: [{ urls, username, credential }], iceTransportPolicy: 'relay' };
  };
  return { coturn, iceFor };
}

/** Until the TURN credentials of `ice` have expired (coturn refuses new allocations with them from then on). */
async function expired(ice: IceConfig) {
  const expiry = Number(ice.iceServers[0]?.username?.split(':')[0]) * 1000;
  await new Promise((r) => setTimeout(r, Math.max(0, expiry + 1_500 - Date.now())));
}

/**
 * A relay-only call through a REAL coturn whose first TURN REST credentials expire mid-call (coturn then refuses
 * new allocations with them: 401). The caller (Chromium) restarts ICE, as the staff console does after `failed`
 * or a resume; the kiosk must gather that restart with fresh credentials: it asks (`rtc.config.request`), the
 * test answers as the cloud does (`rtc.config` -> MediaEngine.useIce), and the call connects through the relay
 * again. Registered inside engineSuite, so it runs for every engine.
 */
export function turnExpiryTest(name: string, enabled: boolean, engineOf: () => Promise<MediaEngine>) {
  const turn =
    enabled &&
    hasCoturn() &&
    requireOrSkip('a non-loopback IPv4 address for TURN', lanAddress !== undefined, 'a network interface');
  it.skipIf(!turn)(
    `${name}: an ICE restart after the call's TURN credentials expired asks for fresh ones and relays with them`,
    async () => {
      const { coturn, iceFor } = await lanCoturn();
      const engine = await engineOf();
      const peer = await launchChromiumPeer();
      onTestFinished(() => peer.close());
      onTestFinished(() => engine.stop()); // finished hooks run last first: the engine stops before the peer
      const callId = '00000000-0000-4000-8000-0000000e0001';
      const sent: ClientMessage[] = [];
      const failures: string[] = [];
      let ups = 0;
      const first = iceFor(15, 'kiosk-first');
      await engine.start({
        callId,
        send: (m) => sent.push(m),
        up: () => {
          ups += 1;
        },
        failed: (reason) => failures.push(reason),
        ice: first,
      });
      const answers = () => sent.flatMap((m) => (m.type === 'rtc.answer' ? [m] : []));
      engine.handleSignal({ v: 1, type: 'rtc.offer', callId, sdp: await peer.createOffer() });
      const answer = await until('the first rtc.answer', 15_000, async () => answers()[0]);
      expect(new Set(relayTypes(answer.sdp)), coturn.output()).toEqual(new Set(['relay']));
      await peer.acceptAnswer(answer.sdp);
      await until('session.up() through the relay', 20_000, async () => ups > 0);
      await peer.waitForFrames(15_000);
      expect((await engine.stats())?.candidatePair?.local).toBe('relay');

      await expired(first);
      expect(await peer.connectionState()).toBe('connected');

      engine.handleSignal({
        v: 1,
        type: 'rtc.offer',
        callId,
        sdp: await completeRestartOffer(peer),
        iceRestart: true,
      });
      const request = await until('rtc.config.request', 10_000, async () =>
        sent.find((m) => m.type === 'rtc.config.request'),
      );
      expect(request).toEqual({ v: 1, type: 'rtc.config.request', callId });
      expect(answers()).toHaveLength(1); // it waits for them rather than gather with credentials coturn refuses
      engine.useIce?.(iceFor(600, 'kiosk-fresh')); // the cloud's rtc.config, as call-media.ts hands it on

      const second = await until('the restart rtc.answer', 15_000, async () => answers()[1]);
      expect(new Set(relayTypes(second.sdp)), coturn.output()).toEqual(new Set(['relay']));
      await peer.acceptAnswer(second.sdp);
      await movingVideo(peer);
      expect(ups).toBe(1);
      expect(failures).toEqual([]);
    },
    90_000,
  );
}

/**
 * The kiosk's OWN reconnect in the middle of a relay-only call, with the real agent (call controller, call-media,
 * engine) on a cloud double's broker: its MQTT link drops after the call's first TURN credentials expired, comes
 * back, and gets what the cloud sends on a resume: a fresh `rtc.config`, then `call.accepted` again. The kiosk
 * keeps its connection (answered-call.ts), and the caller (Chromium, as the staff console on the repeated
 * `call.accepted`) restarts ICE: the kiosk's answer must gather with the resume's fresh credentials.
 */
export function ownReconnectTest(name: string, enabled: boolean, engineOf: () => Promise<MediaEngine>) {
  const turn = enabled && hasCoturn() && lanAddress !== undefined;
  it.skipIf(!turn)(
    `${name}: the kiosk's own reconnect mid-call: the caller's ICE restart is answered through the relay with the resume's fresh credentials`,
    async () => {
      const { coturn, iceFor } = await lanCoturn();
      const cloud = await startCloudDouble();
      onTestFinished(() => cloud.close());
      const peer = await launchChromiumPeer();
      onTestFinished(() => peer.close());
      const kiosk = await startTestKiosk({
        cloudUrl: cloud.cloudUrl,
        mqttUrl: cloud.mqttUrl,
        code: cloud.issueCode(),
        media: await engineOf(),
        reconnectPolicy: fullJitterBackoff({ baseMs: 100, capMs: 400 }),
        random: Math.random,
      });
      onTestFinished(async () => {
        await kiosk.stop();
        await removeDir(kiosk.dataDir);
      });
      await until('online', 10_000, async () => kiosk.agent.online);
      const deviceId = kiosk.agent.deviceId!;
      const up = (await collect(cloud.observer, deviceTopic(deviceId, 'sig/up'))) as ClientMessage[];
      const down = (m: ServerMessage) =>
        cloud.observer.publishAsync(deviceTopic(deviceId, 'sig/down'), JSON.stringify(m), { qos: 1 });
      const answers = () => up.flatMap((m) => (m.type === 'rtc.answer' ? [m] : []));
      const callId = randomUUID();
      const rtcConfig = (ice: IceConfig): ServerMessage => ({ v: 1, type: 'rtc.config', callId, ...ice });
      const accepted: ServerMessage = {
        v: 1,
        type: 'call.accepted',
        callId,
        by: { kind: 'citizen', id: randomUUID() },
      };

      await down({
        v: 1,
        type: 'call.incoming',
        callId,
        from: { kind: 'staff', id: randomUUID() },
        displayName: 'Mette Hjemmepleje',
      });
      await until('ringing', 10_000, async () => kiosk.agent.state === 'ringing');
      kiosk.board.press('answer');
      await until('call.accept', 10_000, async () => up.some((m) => m.type === 'call.accept'));
      const first = iceFor(15, 'kiosk-first');
      await down(rtcConfig(first));
      await down(accepted);
      await down({ v: 1, type: 'rtc.offer', callId, sdp: await peer.createOffer() });
      const answer = await until('the first rtc.answer', 15_000, async () => answers()[0]);
      expect(new Set(relayTypes(answer.sdp)), coturn.output()).toEqual(new Set(['relay']));
      await peer.acceptAnswer(answer.sdp);
      await until('in call through the relay', 20_000, async () => kiosk.agent.state === 'in_call');
      await peer.waitForFrames(15_000);
      await expired(first);

      // The kiosk's own link drops and comes back; the cloud resumes the call.
      const links: boolean[] = [];
      kiosk.agent.on('connection', (online) => links.push(online));
      cloud.dropConnection(deviceId);
      await until('the link back', 15_000, async () => links.includes(false) && kiosk.agent.online);
      await down(rtcConfig(iceFor(600, 'kiosk-fresh')));
      await down(accepted);
      await until('media kept', 5_000, async () =>
        kiosk.logs.some((l) => l.includes('the call was resumed after our own reconnect: media kept')),
      );

      await down({
        v: 1,
        type: 'rtc.offer',
        callId,
        sdp: await completeRestartOffer(peer),
        iceRestart: true,
      });
      const second = await until('the restart rtc.answer', 15_000, async () => answers()[1]);
      expect(new Set(relayTypes(second.sdp)), coturn.output()).toEqual(new Set(['relay']));
      // The fresh ones were at hand: nothing to ask for.
      expect(up.filter((m) => m.type === 'rtc.config.request')).toEqual([]);
      await peer.acceptAnswer(second.sdp);
      await movingVideo(peer);
      expect(kiosk.agent.state).toBe('in_call');
      expect(up.filter((m) => m.type === 'call.hangup')).toEqual([]);
    },
    90_000,
  );
}
