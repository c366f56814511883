import type { Timers } from './signalling.js';

/**
 * When the CALLER restarts ICE (RFC 8445 §9, RFC 8829 §4.1.10 `iceRestart`), as a small policy with injected
 * timers (style.md items 11, 12). Only the caller offers, so only the caller runs this; the callee answers.
 *
 * - `disconnected` often heals by itself (a short outage: the old candidate pair answers again), so the first
 *   restart waits `graceMs`. `failed` never heals without a restart: restart at once.
 * - Until ICE is connected again, restart every `everyMs`: a restart made while the network was still down
 *   fails its checks, and its candidate pairs may be pruned before the network returns (issue 15, "cut for
 *   30 s"). Intermediate states (`checking`, `new`) do NOT stop the loop.
 * - An offer whose answer has not come yet is not replaced before `answerWaitMs` (the answer may be on its
 *   way through a stalled TCP link; a second offer would cross it), then it is rolled back and offered again.
 */
export interface IceRestartOptions {
  readonly timers: Timers;
  readonly now: () => number;
  /** Sends an ICE-restart offer (rolling back an unanswered one). */
  readonly restart: () => void;
  /** True while our last offer still waits for its answer. */
  readonly awaitingAnswer: () => boolean;
  readonly graceMs?: number;
  readonly everyMs?: number;
  readonly answerWaitMs?: number;
}

export const ICE_RESTART_DEFAULTS = { graceMs: 2_000, everyMs: 2_500, answerWaitMs: 6_000 } as const;

export class IceRestarter {
  private timer: unknown;
  private pending = false;
  private lastOfferAt = Number.NEGATIVE_INFINITY;
  private stopped = false;

  constructor(private readonly options: IceRestartOptions) {}

  /** Feed every iceConnectionState change. */
  onIceState(state: RTCIceConnectionState): void {
    if (this.stopped) return;
    if (state === 'connected' || state === 'completed' || state === 'closed') this.cancel();
    else if (state === 'failed') {
      this.cancel();
      this.attempt();
    } else if (state === 'disconnected' && !this.pending)
      this.schedule(this.options.graceMs ?? ICE_RESTART_DEFAULTS.graceMs);
  }

  /** Restart now (the network changed, or the signalling link came back). */
  now(): void {
    if (this.stopped) return;
    this.cancel();
    this.attempt();
  }

  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  private cancel() {
    this.options.timers.clearTimeout(this.timer);
    this.pending = false;
  }

  private schedule(ms: number) {
    this.options.timers.clearTimeout(this.timer);
    this.pending = true;
    this.timer = this.options.timers.setTimeout(() => {
      this.pending = false;
      this.attempt();
    }, ms);
  }

  private attempt() {
    const o = this.options;
    const waited = o.now() - this.lastOfferAt;
    if (!(o.awaitingAnswer() && waited < (o.answerWaitMs ?? ICE_RESTART_DEFAULTS.answerWaitMs))) {
      this.lastOfferAt = o.now();
      o.restart();
    }
    this.schedule(o.everyMs ?? ICE_RESTART_DEFAULTS.everyMs);
  }
}

/** The caller's restarter for one peer connection; undefined timings take the defaults. */
export function restarterFor(
  pc: RTCPeerConnection,
  o: { timers: Timers; restart: () => void; graceMs: number | undefined; everyMs: number | undefined },
): IceRestarter {
  return new IceRestarter({
    timers: o.timers,
    now: () => Date.now(),
    restart: o.restart,
    awaitingAnswer: () => pc.signalingState === 'have-local-offer',
    graceMs: o.graceMs ?? ICE_RESTART_DEFAULTS.graceMs,
    everyMs: o.everyMs ?? ICE_RESTART_DEFAULTS.everyMs,
  });
}
