import type { ServerMessage, SignallingSurface } from '@screenvisit/protocol';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { TestCloud } from '../cloud/test/test-cloud.js';
import { CHROMIUM_ARGS, CHROMIUM_ENV, CHROMIUM_PATH, DANISH_LOCALE } from '../test-support/requirements.js';

/**
 * A staff member in a real Chromium, reduced to what a call needs: the cloud's own WebSocket (/ws, with the
 * session cookie and same-origin Origin) and one RTCPeerConnection with the fake camera. Not the staff UI:
 * the kiosk is under test here. SDP is complete (ICE gathered) before it is sent, as the kiosk engines do.
 */
export interface StaffBrowser {
  messages(): Promise<ServerMessage[]>;
  next<T extends ServerMessage['type']>(
    type: T,
    timeoutMs?: number,
  ): Promise<Extract<ServerMessage, { type: T }>>;
  send(message: Record<string, unknown>): Promise<void>;
  framesDecoded(): Promise<number>;
  /**
   * A reload of the page in the middle of a call: the socket and the peer connection go, the page comes back and
   * says `hello` with the resume token of its last `welcome` (as the night-watch console does from
   * sessionStorage); a page that placed the call offers again after the repeated `call.accepted`. Resolves after
   * the new `welcome`; messages() then holds only what came after the reload.
   */
  reload(): Promise<void>;
  /**
   * The page's camera and microphone stop reaching the call (each sender's track replaced by none) while its
   * connection stays up: ICE and DTLS go on answering, no RTP arrives at the kiosk.
   */
  stopSending(): Promise<void>;
  close(): Promise<void>;
}

interface PageApi {
  messages: ServerMessage[];
  /** The call this page placed (its `call.ringing`): it offers after that call's `call.accepted`. */
  placed(): string | null;
  send(m: Record<string, unknown>): void;
  framesDecoded(): Promise<number>;
  stopSending(): Promise<void>;
}
declare global {
  interface Window {
    staff: PageApi;
  }
}

/**
 * Runs in the page; free of imports (playwright serialises it). Resolves after `welcome`. After a reload, the
 * resume token and the call it had placed (as the consoles keep them in sessionStorage).
 */
function installStaff(opening: {
  resumed: { resumeToken: string; placed: string | null } | null;
  surface: string | null;
}): Promise<void> {
  const { resumed, surface } = opening;
  const messages: ServerMessage[] = [];
  const ws = new WebSocket(
    `${location.origin.replace('http', 'ws')}/ws${surface ? `?surface=${surface}` : ''}`,
  );
  const send = (m: Record<string, unknown>) => ws.send(JSON.stringify({ v: 1, ...m }));
  const media = navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360 }, audio: true });
  let pc: RTCPeerConnection | null = null;
  let placed: string | null = resumed?.placed ?? null;
  const resumeToken = resumed?.resumeToken;
  const gathered = (peer: RTCPeerConnection) =>
    new Promise<void>((resolve) => {
      if (peer.iceGatheringState === 'complete') return resolve();
      peer.addEventListener('icegatheringstatechange', () => {
        if (peer.iceGatheringState === 'complete') resolve();
      });
    });
  async function open() {
    pc?.close();
    const peer = new RTCPeerConnection({ iceServers: [] });
    pc = peer;
    const stream = await media;
    for (const track of stream.getTracks()) peer.addTrack(track, stream);
    return peer;
  }
  async function onMessage(m: ServerMessage) {
    if (m.type === 'call.ringing') placed = m.callId;
    if (m.type === 'call.accepted' && m.callId === placed) {
      const peer = await open();
      await peer.setLocalDescription(await peer.createOffer());
      await gathered(peer);
      send({ type: 'rtc.offer', callId: m.callId, sdp: peer.localDescription?.sdp });
    }
    if (m.type === 'rtc.offer') {
      const peer = await open();
      await peer.setRemoteDescription({ type: 'offer', sdp: m.sdp });
      await peer.setLocalDescription(await peer.createAnswer());
      await gathered(peer);
      send({ type: 'rtc.answer', callId: m.callId, sdp: peer.localDescription?.sdp });
    }
    if (m.type === 'rtc.answer') await pc?.setRemoteDescription({ type: 'answer', sdp: m.sdp });
    if (m.type === 'rtc.ice' && m.candidate) await pc?.addIceCandidate(m.candidate);
    if (m.type === 'call.ended') pc?.close();
  }
  let chain = Promise.resolve();
  ws.addEventListener('message', (event) => {
    const m = JSON.parse(String(event.data)) as ServerMessage;
    messages.push(m);
    chain = chain.then(() => onMessage(m)).catch((e: unknown) => console.error('staff page', e));
  });
  window.staff = {
    messages,
    placed: () => placed,
    send,
    async framesDecoded() {
      if (!pc) return 0;
      for (const r of (await pc.getStats()).values())
        if (r.type === 'inbound-rtp' && r.kind === 'video') return Number(r.framesDecoded ?? 0);
      return 0;
    },
    async stopSending() {
      for (const sender of pc?.getSenders() ?? []) await sender.replaceTrack(null);
    },
  };
  return new Promise((resolve, reject) => {
    ws.addEventListener('open', () => send({ type: 'hello', ...(resumeToken ? { resumeToken } : {}) }));
    ws.addEventListener('error', () => reject(new Error('WebSocket failed')));
    const wait = () => (messages.some((m) => m.type === 'welcome') ? resolve() : setTimeout(wait, 20));
    wait();
  });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, env: CHROMIUM_ENV });
}

/**
 * `headers.cookie` from sessionFor(); the cloud must run with COOKIE_SECURE=false (CDP refuses __Host- with a url).
 * `surface`: what the socket declares at open (protocol SignallingSurface): `nightwatch` for a night-watch console,
 * which alone is rung for a resident's night-watch call.
 */
export async function openStaffBrowser(
  browser: Browser,
  t: Pick<TestCloud, 'base'>,
  cookie: string,
  surface: SignallingSurface | null = null,
): Promise<StaffBrowser> {
  const context: BrowserContext = await browser.newContext({ locale: DANISH_LOCALE });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url: t.base, httpOnly: true, sameSite: 'Strict' }]);
  const page: Page = await context.newPage();
  // A same-origin page (the WebSocket checks Origin); 127.0.0.1 is a secure context for getUserMedia.
  await page.goto(`${t.base}/api/status`);
  await page.evaluate(installStaff, { resumed: null, surface });
  const messages = () => page.evaluate(() => window.staff.messages);
  return {
    messages,
    async next(type, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await messages()).find((m) => m.type === type);
        if (found) return found as never;
        if (Date.now() > deadline) throw new Error(`the staff browser got no ${type} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    send: (m) => page.evaluate((message) => window.staff.send(message), m),
    framesDecoded: () => page.evaluate(() => window.staff.framesDecoded()),
    stopSending: () => page.evaluate(() => window.staff.stopSending()),
    async reload() {
      const welcome = (await messages()).findLast((m) => m.type === 'welcome');
      if (welcome?.type !== 'welcome') throw new Error('the staff browser had no welcome to resume with');
      const placed = await page.evaluate(() => window.staff.placed());
      await page.reload();
      await page.evaluate(installStaff, {
        resumed: { resumeToken: welcome.resumeToken, placed },
        surface,
      });
    },
    close: () => context.close(),
  };
}
