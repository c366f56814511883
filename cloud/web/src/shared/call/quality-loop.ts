import { VIDEO_LEVELS, type VideoLevel } from './bandwidth.js';
import type { CallControllerEvents, CallRole } from './call-controller-options.js';
import { judgeQuality, readStatsSample, type StatsSample } from './quality.js';
import { prepareQualityReport, reportAtEnd } from './quality-report.js';
import { SenderAdaptation } from './sender-adaptation.js';
import type { Timers } from './signalling.js';

/** How soon after media can flow the first stats sample is taken (earlySample). */
const EARLY_SAMPLE_MS = 300;

/**
 * One call's getStats loop: the quality badge every interval, bandwidth adaptation (sender-adaptation.ts)
 * once media flows, and the end-of-call report (quality-report.ts). "Media flows" starts at markFlowing():
 * ICE up AND the tracks attached, so a call prepared while it rang (issue 15 §3) neither adapts to the empty
 * ringing connection nor reports a call nobody answered.
 */
export interface QualityLoopOptions {
  readonly timers: Timers;
  readonly everyMs: number;
  readonly events: Pick<CallControllerEvents, 'quality' | 'adaptation'>;
  /** The connection now (it changes when the controller starts its negotiation over). */
  readonly pc: () => RTCPeerConnection | null;
  /** Whether ICE is connected now: adaptation pauses while it is not. */
  readonly connected: () => boolean;
}

export class QualityLoop {
  private timer: unknown;
  private stopped = false;
  private lastSample: StatsSample | undefined;
  private flowingSince: number | null = null;
  /** Adaptation judges only WARM_UP_MS (sender-adaptation.ts) after this: media started, or came back after an outage. */
  private warmSince: number | null = null;
  private adaptation: SenderAdaptation | null = null;
  /** The levels of the last few samples, and the best of them when an outage began (recovered()). */
  private recent: VideoLevel[] = [];
  private beforeOutage: VideoLevel | null = null;

  constructor(private readonly o: QualityLoopOptions) {}

  /** A new peer connection: its senders get a fresh adaptation, and media must start flowing again. */
  watch(pc: RTCPeerConnection): void {
    this.adaptation = new SenderAdaptation(pc);
    this.flowingSince = null;
    this.warmSince = null;
    this.lastSample = undefined;
    this.recent = [];
    this.beforeOutage = null;
    if (this.timer === undefined) this.schedule();
  }

  /** ICE is up and the tracks are on (whichever came last). */
  markFlowing(): void {
    if (this.flowingSince !== null) return;
    this.flowingSince = Date.now();
    this.warmSince = this.flowingSince;
    prepareQualityReport();
    // One sample soon after, so a call hung up before the first interval still sends its end-of-call
    // report (the report needs a getStats sample; none can be read after close()).
    this.o.timers.setTimeout(() => void this.earlySample(), EARLY_SAMPLE_MS);
  }

  /** Stops the loop and sends the end-of-call report, if media ever flowed (the last sample is ≤ 1 interval old). */
  stop(report: { callId: string; role: CallRole } | null): void {
    if (this.stopped) return;
    this.stopped = true;
    this.o.timers.clearTimeout(this.timer);
    if (report) reportAtEnd(report.callId, report.role, this.lastSample, this.flowingSince);
  }

  /**
   * ICE changed. An outage starts at `disconnected`/`failed`; its first seconds, before ICE noticed, may
   * already have pushed the level down, so the best level of the last samples is the one to come back to.
   */
  iceChanged(state: RTCIceConnectionState): void {
    if (state === 'disconnected' || state === 'failed') {
      if (this.beforeOutage === null && this.recent.length > 0)
        this.beforeOutage = this.recent.reduce((a, b) =>
          VIDEO_LEVELS.indexOf(b) > VIDEO_LEVELS.indexOf(a) ? b : a,
        );
      return;
    }
    if ((state !== 'connected' && state !== 'completed') || this.beforeOutage === null) return;
    const level = this.beforeOutage;
    this.beforeOutage = null;
    this.warmSince = Date.now();
    void this.adaptation?.recover(level).then((view) => !this.stopped && this.o.events.adaptation?.(view));
  }

  /**
   * Samples soon after media starts, again every EARLY_SAMPLE_MS until one shows decoded video (a few tries):
   * the samples taken while it rang show none, and a call hung up before the next interval reports this one.
   */
  private async earlySample(triesLeft = 5) {
    const pc = this.o.pc();
    if (!pc || this.stopped) return;
    const sample = await readStatsSample(pc).catch(() => undefined);
    if (this.stopped || !sample) return;
    this.lastSample = sample;
    if (sample.frameWidth === undefined && triesLeft > 1)
      this.o.timers.setTimeout(() => void this.earlySample(triesLeft - 1), EARLY_SAMPLE_MS);
  }

  private schedule() {
    this.timer = this.o.timers.setTimeout(async () => {
      const pc = this.o.pc();
      if (this.stopped) return;
      if (!pc) return this.schedule();
      try {
        const sample = await readStatsSample(pc);
        if (this.stopped) return;
        this.o.events.quality?.(judgeQuality(this.lastSample, sample));
        if (this.adaptation && this.o.connected() && this.warmSince !== null) {
          const view = await this.adaptation.onSample(
            this.lastSample,
            sample,
            this.o.everyMs,
            Date.now() - this.warmSince,
          );
          if (!this.stopped) this.o.events.adaptation?.(view);
          this.recent = [...this.recent.slice(-2), view.level];
        }
        this.lastSample = sample;
      } catch {
        this.o.events.quality?.('unknown');
      }
      this.schedule();
    }, this.o.everyMs);
  }
}
