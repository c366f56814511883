/**
 * The console's ring (issue 10 §3): loud enough to wake a tired person, and impossible to miss on screen.
 * - Web Audio, no sound file: a bright three-note pattern every 2.5 s until stop() (answered, taken, gone).
 * - One AudioContext for the whole console, created and resumed inside a user gesture (the duty toggle, the
 *   sound test): browsers' autoplay rule (HTML "sticky activation") lets a context started that way play later
 *   without a new gesture, so a ring at 3 a.m. is audible. A context that stays suspended is reported as
 *   blocked and the console says so in plain words.
 * - The tab title alternates and the favicon turns into a red bell while ringing, so a hidden tab shows it.
 * - A system notification where the person allowed it (asked on the duty toggle), shown through the console's
 *   service worker (public/nightwatch/sw.js) so it can carry a "Besvar" action; `new Notification` (no action)
 *   where no worker is available or it refuses: ring-notification.ts.
 */
import { RingNotification, type RingText } from './ring-notification.js';

export interface RingAlertState {
  readonly ringing: boolean;
  /** The browser refused to start sound (no gesture yet, or sound blocked for the site). */
  readonly blocked: boolean;
  readonly volume: number;
}

const VOLUME_KEY = 'sv.nightwatch.volume';
const RING_EVERY_MS = 2_500;
const BELL_ICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Ccircle cx='16' cy='16' r='16' fill='%23c00'/%3E%3Cpath d='M16 6a7 7 0 0 0-7 7v5l-2 3h18l-2-3v-5a7 7 0 0 0-7-7zm-3 17a3 3 0 0 0 6 0z' fill='white'/%3E%3C/svg%3E";

type Ctx = typeof AudioContext;

const WORKER_URL = '/nightwatch/sw.js';

let worker: Promise<ServiceWorkerRegistration | null> | null = null;

/**
 * The console's service worker, registered once (not on every ring); null where there is none (then
 * `new Notification`). A failed registration is tried again on the next use. Registered when the console opens
 * and again on the duty toggle (RingAlert.prepare), not at the first ring: registering, installing and activating
 * took about 0.6 s there, by which the first ring's notification came later than every later ring's.
 */
export function consoleWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!('serviceWorker' in navigator)) return Promise.resolve(null);
  worker ??= navigator.serviceWorker
    .register(WORKER_URL, { scope: '/nightwatch/' })
    .then(() => navigator.serviceWorker.ready)
    .catch(() => {
      worker = null;
      return null;
    });
  return worker;
}

export class RingAlert {
  #ctx: AudioContext | null = null;
  #master: GainNode | null = null;
  #timer: number | undefined;
  #flip: number | undefined;
  readonly #notification = new RingNotification({
    worker: consoleWorker,
    page: (title, options) => {
      const n = new Notification(title, options);
      n.onclick = () => {
        window.focus();
        n.close();
      };
      return n;
    },
    warn: (message, error) => (error === undefined ? console.warn(message) : console.warn(message, error)),
  });
  /** A notification was asked for in this ring, so stop() closes it (and only then looks up the worker). */
  #notified = false;
  #title = '';
  #icon: string | null = null;
  #state: RingAlertState;
  readonly #listeners = new Set<(s: RingAlertState) => void>();

  constructor() {
    const stored = Number(globalThis.localStorage?.getItem(VOLUME_KEY));
    this.#state = {
      ringing: false,
      blocked: false,
      volume: Number.isFinite(stored) && stored > 0 && stored <= 1 ? stored : 0.8,
    };
  }

  get state(): RingAlertState {
    return this.#state;
  }

  subscribe(fn: (s: RingAlertState) => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /**
   * Gets the ring's notification ready before any ring: registers the console's service worker (a no-op once it
   * is ready; tried again if an earlier registration failed). Needs no gesture and asks the person nothing.
   */
  prepare(): void {
    void consoleWorker();
  }

  /** Call from inside a click/keypress: starts (or resumes) the audio and asks for notifications. */
  unlockFromGesture(): void {
    this.prepare();
    const ctx = this.#context();
    if (ctx)
      void ctx.resume().then(
        () => this.#checkBlocked(),
        () => this.#checkBlocked(),
      );
    if ('Notification' in window && Notification.permission === 'default')
      void Notification.requestPermission().catch(() => undefined);
  }

  setVolume(volume: number): void {
    const v = Math.min(1, Math.max(0.05, volume));
    globalThis.localStorage?.setItem(VOLUME_KEY, String(v));
    if (this.#master) this.#master.gain.value = v;
    this.#set({ volume: v });
  }

  /** One ring pattern now (the "test sound" button, itself a gesture). */
  test(): void {
    this.unlockFromGesture();
    this.#chime();
  }

  start(text: RingText): void {
    if (this.#state.ringing) return;
    this.#set({ ringing: true });
    const ctx = this.#context();
    if (ctx)
      void ctx.resume().then(
        () => this.#checkBlocked(),
        () => this.#checkBlocked(),
      );
    if (this.#master) this.#master.gain.value = this.#state.volume;
    this.#chime();
    this.#timer = window.setInterval(() => this.#chime(), RING_EVERY_MS);
    this.#title = document.title;
    let on = false;
    this.#flip = window.setInterval(() => {
      on = !on;
      document.title = on ? text.title : this.#title;
    }, 1_000);
    document.title = text.title;
    this.#setIcon(BELL_ICON);
    if ('Notification' in window && Notification.permission === 'granted') {
      this.#notified = true;
      void this.#notification.show(text);
    }
  }

  stop(): void {
    if (!this.#state.ringing) return;
    window.clearInterval(this.#timer);
    window.clearInterval(this.#flip);
    // Silence what is already scheduled: a new master for the next ring, the old one cut off now.
    this.#master?.disconnect();
    this.#master = null;
    document.title = this.#title || document.title;
    this.#setIcon(null);
    if (this.#notified) void this.#notification.close();
    this.#notified = false;
    this.#set({ ringing: false });
  }

  dispose(): void {
    this.stop();
    void this.#ctx?.close().catch(() => undefined);
    this.#ctx = null;
  }

  #context(): AudioContext | null {
    if (this.#ctx) return this.#ctx;
    const C: Ctx | undefined =
      window.AudioContext ?? (window as { webkitAudioContext?: Ctx }).webkitAudioContext;
    if (!C) return null;
    this.#ctx = new C();
    this.#ctx.onstatechange = () => this.#checkBlocked();
    return this.#ctx;
  }

  #checkBlocked(): void {
    this.#set({ blocked: this.#ctx?.state !== 'running' });
  }

  #chime(): void {
    const ctx = this.#context();
    if (!ctx) return;
    if (!this.#master) {
      this.#master = ctx.createGain();
      this.#master.gain.value = this.#state.volume;
      this.#master.connect(ctx.destination);
    }
    const t0 = ctx.currentTime + 0.02;
    for (const [i, freq] of [880, 1108.73, 1318.51, 880, 1108.73, 1318.51].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'triangle';
      osc.frequency.value = freq;
      const at = t0 + i * 0.18 + (i >= 3 ? 0.25 : 0);
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.9, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.17);
      osc.connect(gain).connect(this.#master);
      osc.start(at);
      osc.stop(at + 0.18);
    }
  }

  #setIcon(href: string | null): void {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) return;
    if (href) {
      this.#icon ??= link.href;
      link.href = href;
    } else if (this.#icon) {
      link.href = this.#icon;
      this.#icon = null;
    }
  }

  #set(patch: Partial<RingAlertState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const fn of this.#listeners) fn(this.#state);
  }
}
