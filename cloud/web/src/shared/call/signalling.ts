import { type BackoffPolicy, cappedBackoff } from './backoff.js';
import { loadResumeToken, type ResumeStore, saveResumeToken } from './call-resume.js';
import {
  type ClientMessage,
  parseServerMessage,
  type ServerMessage,
  type ServerMessageOf,
  type ServerMessageType,
  SIGNALLING_VERSION,
  type SignallingSurface,
} from './messages.js';

/**
 * The browser's signalling link: one WebSocket to /ws (session cookie + same-origin Origin, checked by the
 * cloud), `hello` first, the resume token from `welcome` kept. When the link drops, it reconnects with capped
 * backoff and says `hello { resumeToken }`, so the router puts this tab back into the same call (flows.md §3).
 *
 * INVARIANTS: at most one socket is open or opening; after close() nothing reconnects. While the watchdog is
 * on (a call rings or runs: the router's 20 s resume grace makes quick detection matter), a dead link is
 * detected by our own ping (no pong within PONG_TIMEOUT_MS), because a browser never sees the server's
 * protocol-level pings and a cut network may not close the socket for minutes. Between calls the link relies
 * on the close event (the server's heartbeat ends dead sockets on its side); this also keeps an idle page
 * from making requests of its own.
 */
export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SignallingOptions {
  /** ws(s)://host/ws; default: this page's origin. `surface`, if given, is added to either. */
  readonly url?: string;
  /**
   * What this page's socket is, declared at open (`?surface=`, protocol SignallingSurface): the night-watch
   * console says `nightwatch`, and only its sockets are rung for, and count as reachable in, a pool (the cloud's
   * calls/night-watch/console-sockets.ts). Other pages say nothing.
   */
  readonly surface?: SignallingSurface;
  readonly createSocket?: (url: string) => WebSocket;
  readonly timers?: Timers;
  readonly backoff?: BackoffPolicy;
  readonly pingEveryMs?: number;
  /**
   * Asked before each reconnect: false means the session is gone (logged out, idle timeout), so the link
   * closes instead of knocking with a dead cookie (each refused handshake is a 401 in the console).
   */
  readonly beforeReconnect?: () => Promise<boolean>;
  /** Keeps the resume token across a page reload (call-resume.ts); without it a reload ends the call. */
  readonly resumeStore?: ResumeStore;
}

export interface Welcome {
  /** true when this welcome followed a reconnect with a resume token. */
  readonly resumed: boolean;
}

type Handler<T extends ServerMessageType> = (message: ServerMessageOf<T>) => void;

export const PING_EVERY_MS = 10_000;
export const PONG_TIMEOUT_MS = 5_000;

export function defaultSignallingUrl(
  location: Pick<Location, 'protocol' | 'host'> = window.location,
  surface?: SignallingSurface,
) {
  return withSurface(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`, surface);
}

/** The signalling URL with the page's declared surface (protocol SIGNALLING_SURFACE_PARAM), if it has one. */
function withSurface(url: string, surface: SignallingSurface | undefined): string {
  return surface ? `${url}${url.includes('?') ? '&' : '?'}surface=${surface}` : url;
}

export const browserTimers: Timers = {
  setTimeout: (fn, ms) => window.setTimeout(fn, ms),
  clearTimeout: (h) => window.clearTimeout(h as number),
};

export class SignallingClient {
  private socket: WebSocket | null = null;
  private resumeToken: string | undefined;
  private attempt = 0;
  private retryTimer: unknown;
  private pingTimer: unknown;
  private pongTimer: unknown;
  private nonce = 0;
  private watchdog = false;
  private heartbeatMs = PING_EVERY_MS;
  private closed = false;
  private stateValue: LinkState = 'connecting';
  private readonly handlers = new Map<ServerMessageType, Set<(m: ServerMessage) => void>>();
  private readonly stateListeners = new Set<(s: LinkState) => void>();
  private readonly welcomeListeners = new Set<(w: Welcome) => void>();
  private readonly timers: Timers;
  private readonly backoff: BackoffPolicy;
  private readonly url: string;

  constructor(private readonly options: SignallingOptions = {}) {
    this.timers = options.timers ?? browserTimers;
    this.backoff = options.backoff ?? cappedBackoff();
    this.url = options.url
      ? withSurface(options.url, options.surface)
      : defaultSignallingUrl(window.location, options.surface);
    this.resumeToken = loadResumeToken(options.resumeStore);
    this.open();
  }

  get state(): LinkState {
    return this.stateValue;
  }

  on<T extends ServerMessageType>(type: T, handler: Handler<T>): () => void {
    const set = this.handlers.get(type) ?? new Set();
    set.add(handler as (m: ServerMessage) => void);
    this.handlers.set(type, set);
    return () => set.delete(handler as (m: ServerMessage) => void);
  }

  onState(listener: (state: LinkState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  onWelcome(listener: (welcome: Welcome) => void): () => void {
    this.welcomeListeners.add(listener);
    return () => this.welcomeListeners.delete(listener);
  }

  /** false when the link is down: the router drops call messages while a party reconnects anyway. */
  send(message: ClientMessage): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN || this.stateValue !== 'open') return false;
    socket.send(JSON.stringify({ v: SIGNALLING_VERSION, ...message }));
    return true;
  }

  /** Turns the dead-link ping on (during calls) or off. */
  setWatchdog(on: boolean): void {
    if (on === this.watchdog) return;
    this.watchdog = on;
    if (on && this.stateValue === 'open') this.startPing();
    else if (!on) this.stopPing();
  }

  /** Drops the current socket as if the network had (for "reconnect now" and for the page going offline). */
  reconnectNow(): void {
    if (this.closed) return;
    this.attempt = 0;
    this.drop();
  }

  close(): void {
    this.closed = true;
    this.timers.clearTimeout(this.retryTimer);
    this.stopPing();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'page closed');
    this.setState('closed');
  }

  private setState(next: LinkState) {
    if (next === this.stateValue) return;
    this.stateValue = next;
    for (const l of this.stateListeners) l(next);
  }

  private open() {
    const socket = (this.options.createSocket ?? ((u) => new WebSocket(u)))(this.url);
    this.socket = socket;
    socket.onopen = () => {
      const token = this.resumeToken;
      socket.send(
        JSON.stringify({ v: SIGNALLING_VERSION, type: 'hello', ...(token ? { resumeToken: token } : {}) }),
      );
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket || typeof event.data !== 'string') return;
      const message = parseServerMessage(event.data);
      if (message) this.receive(message);
    };
    socket.onclose = () => {
      if (socket === this.socket) this.drop();
    };
  }

  private receive(message: ServerMessage) {
    if (message.type === 'welcome') {
      const resumed = this.resumeToken !== undefined;
      this.resumeToken = message.resumeToken;
      saveResumeToken(this.options.resumeStore, message.resumeToken);
      this.attempt = 0;
      this.setState('open');
      this.heartbeatMs = message.heartbeatMs;
      if (this.watchdog) this.startPing();
      for (const l of this.welcomeListeners) l({ resumed });
    }
    if (message.type === 'pong') this.timers.clearTimeout(this.pongTimer);
    for (const h of this.handlers.get(message.type) ?? []) h(message);
  }

  private drop() {
    const socket = this.socket;
    this.socket = null;
    this.stopPing();
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close();
    }
    if (this.closed) return;
    const delay = this.backoff.next(this.attempt);
    this.attempt += 1;
    if (delay === null) return this.setState('closed');
    this.setState('reconnecting');
    this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.timers.setTimeout(() => void this.retry(), delay);
  }

  private async retry() {
    const ok = await (this.options.beforeReconnect?.() ?? Promise.resolve(true)).catch(() => true);
    if (this.closed) return;
    if (ok) this.open();
    else this.close();
  }

  private startPing() {
    this.stopPing();
    const everyMs = Math.min(this.options.pingEveryMs ?? PING_EVERY_MS, this.heartbeatMs);
    const tick = () => {
      this.nonce += 1;
      if (!this.send({ type: 'ping', nonce: this.nonce })) return;
      this.pongTimer = this.timers.setTimeout(() => this.drop(), PONG_TIMEOUT_MS);
      this.pingTimer = this.timers.setTimeout(tick, everyMs);
    };
    this.pingTimer = this.timers.setTimeout(tick, everyMs);
  }

  private stopPing() {
    this.timers.clearTimeout(this.pingTimer);
    this.timers.clearTimeout(this.pongTimer);
  }
}
