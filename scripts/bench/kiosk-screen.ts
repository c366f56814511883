import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { type ClientMessage, deviceTopic, type ServerMessage } from '@screenvisit/protocol';
import { withStartBitrate } from '../../cloud/web/src/shared/call/start-bitrate.js';
import { createLogger } from '../../device/src/logger.js';
import { GstreamerEngine } from '../../device/src/media/gstreamer/gstreamer-engine.js';
import { TEST_DEVICES } from '../../device/src/media/gstreamer/pipeline.js';
import { WrtcEngine } from '../../device/src/media/wrtc/wrtc-engine.js';
import { openGtkScreen } from '../../device/src/screen/gtk-screen.js';
import { startCloudDouble } from '../../device/src/testing/cloud-double.js';
import { startTestKiosk } from '../../device/src/testing/kiosk.js';

const RINGS = Number(process.env.BENCH_DEVICE_RINGS ?? 40);
const CALLS = Number(process.env.BENCH_DEVICE_CALLS ?? 7);
/** How long each call rings before the button is pressed (0: at once, as before 2026-12-03; a person: >= 1 s). */
const RING_MS = Number(process.env.BENCH_DEVICE_RING_MS ?? 0);

const waitFor = (what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 15_000) =>
  new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const tick = async () => {
      if (await ok()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 2);
    };
    void tick();
  });

/**
 * In one process on the DISPLAY given (Xvfb): the agent with its GTK screen and the GStreamer engine drawing
 * into it, a real aedes broker (testing/cloud-double.ts) and a @roamhq/wrtc peer playing the staff browser.
 *  - ring: MQTT `call.incoming` published -> GTK's frame clock reports the frame with the ringing screen
 *    painted (after-paint), every ring from `asleep`;
 *  - answer: the answer button pressed -> the first remote frame rendered by the screen's gtksink; `phases`
 *    holds, per call, when each step was seen (ms after the press), for the timeline the bench prints.
 */
export async function screenLatencies(
  engine: 'gstreamer' | 'wrtc' = 'gstreamer',
  rings = RINGS,
): Promise<{ ringMs: number[]; answerMs: number[]; phases: Record<string, number>[] }> {
  const log = createLogger({ level: 'silent' });
  const screen = await openGtkScreen({ log, size: { width: 800, height: 480 } });
  // wrtc on the kiosk side is the reference: same harness, same load, an engine with trickle-free answers too.
  const media =
    engine === 'gstreamer'
      ? await GstreamerEngine.create({
          log,
          devices: { ...TEST_DEVICES, display: 'gtk' },
          view: screen.video,
        })
      : await WrtcEngine.create({ log, view: screen.video });
  const peerEngine = await WrtcEngine.create({ log });
  const cloud = await startCloudDouble();
  const kiosk = await startTestKiosk({
    cloudUrl: cloud.cloudUrl,
    mqttUrl: cloud.mqttUrl,
    code: cloud.issueCode(),
    env: { SCREEN_SLEEP_SECONDS: '0', LOG_LEVEL: 'warn' },
    media,
    display: screen,
  });
  try {
    await waitFor('the kiosk online and asleep', () => kiosk.agent.online && kiosk.agent.state === 'asleep');
    const id = kiosk.agent.deviceId!;
    const send = (m: ServerMessage) =>
      cloud.observer.publishAsync(deviceTopic(id, 'sig/down'), JSON.stringify(m), { qos: 1 });
    const up: ClientMessage[] = [];
    await cloud.observer.subscribeAsync(deviceTopic(id, 'sig/up'));
    cloud.observer.on('message', (topic, payload) => {
      if (topic === deviceTopic(id, 'sig/up')) up.push(JSON.parse(String(payload)) as ClientMessage);
    });
    const incoming = (callId: string): ServerMessage => ({
      v: 1,
      type: 'call.incoming',
      callId,
      from: { kind: 'staff', id: randomUUID() },
      displayName: 'Bench Sygeplejerske',
    });
    const backAsleep = () => waitFor('asleep', () => kiosk.agent.state === 'asleep');

    const ringMs: number[] = [];
    for (let i = 0; i < rings; i++) {
      const callId = randomUUID();
      const painted = new Promise<number>((resolve) => {
        const off = kiosk.agent.on('screen', (model) => {
          if (model.mode !== 'ringing') return;
          off();
          void screen.nextPaint().then(resolve);
        });
      });
      const sent = performance.now();
      void send(incoming(callId));
      ringMs.push((await painted) - sent);
      await send({ v: 1, type: 'call.ended', callId, reason: 'no_answer' });
      await backAsleep();
    }

    const answerMs: number[] = [];
    const phases: Record<string, number>[] = [];
    for (let i = 0; i < CALLS; i++) {
      const marks: Record<string, number> = {};
      let pressed = 0;
      let shown = false;
      const mark = (name: string) => {
        if (pressed > 0 && !shown) marks[name] ??= performance.now() - pressed;
      };
      const callId = randomUUID();
      const peer = await peerEngine.openCall({ callId, iceServers: [], iceTransportPolicy: 'all' });
      peer.onState((state) => mark(`staff peer ${state}`));
      const offState = kiosk.agent.on('state', (to) => mark(`kiosk state ${to}`));
      // The staff side's offer is ready before the ring, as a browser's is by the time the citizen answers.
      const offer = await peer.createOffer();
      await send(incoming(callId));
      await waitFor('ringing', () => kiosk.agent.state === 'ringing');
      await new Promise((r) => setTimeout(r, RING_MS));
      up.length = 0;
      pressed = performance.now();
      kiosk.board.press('answer');
      await waitFor('call.accept', () => up.some((m) => m.type === 'call.accept'));
      mark('call.accept at the cloud');
      await send({ v: 1, type: 'call.accepted', callId, by: { kind: 'citizen', id: randomUUID() } });
      await send({ v: 1, type: 'rtc.offer', callId, sdp: offer });
      mark('call.accepted + rtc.offer published');
      await waitFor('rtc.answer', () => up.some((m) => m.type === 'rtc.answer'));
      mark('rtc.answer at the cloud');
      const answer = up.find((m) => m.type === 'rtc.answer') as { sdp: string };
      // As the staff browser does with every answer it applies (issue 15 §3): its sender starts at 1 Mbit/s.
      await peer.acceptAnswer(withStartBitrate(answer.sdp));
      mark('answer applied by staff peer');
      await waitFor('first remote frame on the screen', async () => {
        const stats = await media.stats();
        if ((stats?.bytesReceived ?? 0) > 0) mark('first RTP bytes at the kiosk');
        return (stats?.framesReceived ?? 0) > 0;
      });
      answerMs.push(performance.now() - pressed);
      mark('first frame rendered');
      shown = true;
      offState();
      phases.push(marks);
      kiosk.board.press('answer');
      await peer.close();
      await backAsleep();
    }
    return { ringMs, answerMs, phases };
  } finally {
    await kiosk.stop();
    rmSync(kiosk.dataDir, { recursive: true, force: true });
    await cloud.close();
    screen.close();
  }
}
