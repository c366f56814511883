import {
  type AdaptState,
  adapt,
  initialAdapt,
  LEVEL_PARAMETERS,
  showsAudioOnly,
  type VideoLevel,
} from './bandwidth.js';
import { remoteAudioOnly, type StatsSample } from './quality.js';

/**
 * Applies bandwidth.ts's decisions to one peer connection's senders. Audio gets the high priority once
 * (webrtc-pc §5.2 `priority`, RFC 8837 for `networkPriority`/DSCP); the video sender's first encoding gets
 * the level's limits. `setParameters` must be given what `getParameters` returned last (its transactionId),
 * so each change reads them afresh. A browser that refuses a field keeps the call as it is.
 */
export interface AdaptationView {
  readonly level: VideoLevel;
  /** Our video stopped for bandwidth, or the other side's did: the on-screen notice. */
  readonly audioOnly: boolean;
}

/** The call must have run this long before adapting: the browser's estimate starts low and ramps up. */
export const WARM_UP_MS = 5_000;

export class SenderAdaptation {
  private state: AdaptState = initialAdapt();
  /** The level last applied, `+probe` while a probe runs (it gets more room). */
  private applied = 'high';
  private prioritised = false;

  constructor(private readonly pc: RTCPeerConnection) {}

  get view(): AdaptationView {
    return { level: this.state.level, audioOnly: showsAudioOnly(this.state) };
  }

  /** One quality interval: decide, apply when the level changed, and say what the screen should show. */
  async onSample(
    previous: StatsSample | undefined,
    sample: StatsSample,
    intervalMs: number,
    connectedForMs: number,
  ): Promise<AdaptationView> {
    if (!this.prioritised) await this.prioritiseAudio();
    // A loss figure with no new receiver report since the last sample is old news (and with our video
    // stopped, no reports come at all): leave it out.
    const fresh = (sample.videoLossReports ?? 0) > (previous?.videoLossReports ?? 0);
    if (connectedForMs >= WARM_UP_MS)
      this.state = adapt(
        this.state,
        {
          availableOutgoingBitrate: sample.availableOutgoingBitrate,
          videoLoss: fresh ? sample.videoLoss : undefined,
        },
        intervalMs,
      );
    const key = `${this.state.level}${this.state.probe ? '+probe' : ''}`;
    if (key !== this.applied) {
      this.applied = key;
      await this.apply(this.state.level, this.state.probe !== null);
    }
    const view = this.view;
    return { ...view, audioOnly: view.audioOnly || remoteAudioOnly(previous, sample) };
  }

  /**
   * The link is back after an outage (ICE was disconnected or failed). What the outage did to the estimate
   * and the loss figures says nothing about the link, and climbing back by probes took 10–15 s (issue 15):
   * back to `level` (what held before the outage) at once; the caller's warm-up then judges afresh.
   */
  async recover(level: VideoLevel): Promise<AdaptationView> {
    this.state = initialAdapt(level);
    if (this.applied !== level) {
      this.applied = level;
      await this.apply(level, false);
    }
    return this.view;
  }

  private videoSender() {
    return this.pc.getSenders().find((s) => s.track?.kind === 'video');
  }

  private async apply(level: VideoLevel, probing: boolean) {
    const sender = this.videoSender();
    if (!sender) return;
    const p = LEVEL_PARAMETERS[level];
    const params = sender.getParameters();
    const first = params.encodings[0];
    if (!first) return;
    first.active = p.active;
    if (p.maxBitrate !== undefined)
      first.maxBitrate = probing ? Math.max(p.maxBitrate, p.need) : p.maxBitrate;
    if (p.scaleResolutionDownBy !== undefined) first.scaleResolutionDownBy = p.scaleResolutionDownBy;
    if (p.maxFramerate !== undefined) first.maxFramerate = p.maxFramerate;
    await sender.setParameters(params).catch((error: unknown) => console.warn('video limits refused', error));
  }

  private async prioritiseAudio() {
    this.prioritised = true;
    for (const sender of this.pc.getSenders()) {
      if (!sender.track) continue;
      const params = sender.getParameters();
      const first = params.encodings[0] as
        | (RTCRtpEncodingParameters & { networkPriority?: string })
        | undefined;
      if (!first) continue;
      const high = sender.track.kind === 'audio';
      first.priority = high ? 'high' : 'low';
      first.networkPriority = high ? 'high' : 'low';
      await sender.setParameters(params).catch(() => undefined);
    }
  }
}
