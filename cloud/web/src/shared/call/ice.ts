import * as z from 'zod/mini';
import { apiFetch, type FetchLike, PASSIVE } from '../api.js';
import type { Timers } from './signalling.js';

export const ICE_SERVERS_PATH = '/api/calls/ice-servers';

const IceAnswer = z.object({
  iceServers: z.array(
    z.object({
      urls: z.array(z.string()),
      username: z.optional(z.string()),
      credential: z.optional(z.string()),
    }),
  ),
  iceTransportPolicy: z.enum(['all', 'relay']),
  expiresAt: z.nullable(z.string()),
});

export interface IceConfig {
  readonly iceServers: RTCIceServer[];
  readonly iceTransportPolicy: RTCIceTransportPolicy;
}

/**
 * STUN/TURN for the next call, with time-limited TURN credentials. Fetched for every call and again before
 * every ICE restart: an expired credential gets 401 on allocation (shared/notes/dependencies.md).
 * `passive`: fetched because it rings, not because the person did anything, so the server must not count it as
 * activity: a ring moved an idle on-duty console's lock 15 minutes on, names on screen (walk from npm start).
 */
export async function fetchIceConfig(
  signal?: AbortSignal,
  options: { passive?: boolean; fetch?: FetchLike } = {},
): Promise<IceConfig> {
  const answer = await apiFetch(
    ICE_SERVERS_PATH,
    {
      parse: (json) => IceAnswer.parse(json),
      ...(signal ? { signal } : {}),
      ...(options.passive ? { headers: PASSIVE } : {}),
    },
    options.fetch,
  );
  return {
    iceServers: answer.iceServers.map((s) => ({
      urls: s.urls,
      ...(s.username !== undefined ? { username: s.username } : {}),
      ...(s.credential !== undefined ? { credential: s.credential } : {}),
    })),
    iceTransportPolicy: answer.iceTransportPolicy,
  };
}

/** How long an ICE restart waits for fresh servers: on a dead network the fetch hangs, the restart must not. */
export const ICE_REFRESH_TIMEOUT_MS = 1_500;
/** TURN credentials live for hours; a restart loop (ice-restart.ts) need not fetch them every few seconds. */
export const ICE_REFRESH_EVERY_MS = 30_000;

/** `work`'s value, or null when it failed or took longer than `ms`. */
export function withinMs<T>(work: Promise<T>, ms: number, timers: Timers): Promise<T | null> {
  return new Promise((resolve) => {
    const timer = timers.setTimeout(() => resolve(null), ms);
    work.then(
      (value) => {
        timers.clearTimeout(timer);
        resolve(value);
      },
      () => {
        timers.clearTimeout(timer);
        resolve(null);
      },
    );
  });
}

/** `first` for the first call (falling back to `next` if it failed), `next` for every later one. */
export function firstThen<T>(first: Promise<T>, next: () => Promise<T>): () => Promise<T> {
  let used = false;
  return () => {
    if (used) return next();
    used = true;
    return first.catch(() => next());
  };
}

/**
 * A call's STUN/TURN servers: fetched once for the connection, and afresh before an ICE restart when they may
 * have expired (notes: TURN and network cuts). Offline or slow: the restart goes on with the servers it has
 * rather than wait (withinMs). `current` is the newest set, so a peer connection built again (rebuild) does not
 * allocate with the call's first, possibly expired, TURN credential. Only a refresh that answered counts towards
 * the 30 s spacing: a failed one (dead network, cloud restarting) is tried again at the next restart.
 */
export class IceServers {
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private latest: IceConfig | null = null;
  /** One fetch at a time: a restart loop calling again while one is out waits for it instead of adding one. */
  private inFlight: Promise<IceConfig | null> | null = null;

  constructor(
    private readonly fetchIce: () => Promise<IceConfig>,
    private readonly timers: Timers,
  ) {}

  get current(): IceConfig | null {
    return this.latest;
  }

  async first(): Promise<IceConfig> {
    const ice = await this.fetchIce();
    this.keep(ice);
    return ice;
  }

  async refresh(pc: RTCPeerConnection | undefined): Promise<void> {
    if (Date.now() - this.fetchedAt < ICE_REFRESH_EVERY_MS) return;
    this.inFlight ??= withinMs(this.fetchIce(), ICE_REFRESH_TIMEOUT_MS, this.timers).finally(() => {
      this.inFlight = null;
    });
    const ice = await this.inFlight;
    if (!ice) return;
    this.keep(ice);
    if (pc && pc.signalingState !== 'closed') pc.setConfiguration({ ...pc.getConfiguration(), ...ice });
  }

  private keep(ice: IceConfig) {
    this.latest = ice;
    this.fetchedAt = Date.now();
  }
}
