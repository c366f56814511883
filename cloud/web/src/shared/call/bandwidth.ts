/**
 * Per-call bandwidth adaptation for what WE send (issue 15 §5): a ladder of video levels chosen from the
 * sender's own measurements every quality interval, applied with RTCRtpSender.setParameters (W3C webrtc-pc
 * §5.2: maxBitrate, scaleResolutionDownBy, maxFramerate, active). Audio is never touched except to give it
 * the higher priority: under loss or low bandwidth the picture gets smaller and slower, then stops (audio
 * only), and the sound goes on.
 *
 * Inputs (getStats, W3C webrtc-stats): the selected candidate pair's `availableOutgoingBitrate` (the
 * browser's congestion controller's estimate, GCC in Chromium) and the video `remote-inbound-rtp`
 * `fractionLost` (what the other side reports losing, RFC 3550 §6.4.1).
 *
 * Rules, pure and tested (bandwidth.test.ts):
 * - DOWN after two bad samples in a row: loss over 10 %, or an estimate below 80 % of the level's need. A
 *   very low estimate jumps straight to the level it fits.
 * - UP after two good samples (loss under 3 %) whose estimate fits the next level.
 * - A capped sender is application-limited, so the estimate hardly grows past what it sends: after
 *   `probeAfterMs` of good samples at a level, try the next one up (a probe, sent with room up to the
 *   level's need so the estimate can climb) and judge it after PROBE_SAMPLES. A failed probe makes the next
 *   wait 50 % longer, up to the cap. From audio only, the notice stays until a probe has held, so the
 *   screen does not flicker.
 */
export const VIDEO_LEVELS = ['audio-only', 'low', 'medium', 'high'] as const;
export type VideoLevel = (typeof VIDEO_LEVELS)[number];

export interface LevelParameters {
  readonly active: boolean;
  readonly maxBitrate?: number;
  readonly scaleResolutionDownBy?: number;
  readonly maxFramerate?: number;
  /** The outgoing estimate (bit/s) this level needs, audio included. */
  readonly need: number;
}

export const LEVEL_PARAMETERS: { readonly [L in VideoLevel]: LevelParameters } = {
  'audio-only': { active: false, need: 0 },
  // Needs are set so that a 200 kbit/s link ends in audio only and a 3G-like 1 Mbit/s link keeps video.
  low: { active: true, maxBitrate: 150_000, scaleResolutionDownBy: 4, maxFramerate: 15, need: 300_000 },
  medium: { active: true, maxBitrate: 500_000, scaleResolutionDownBy: 2, maxFramerate: 30, need: 400_000 },
  high: { active: true, maxBitrate: 1_500_000, scaleResolutionDownBy: 1, maxFramerate: 30, need: 700_000 },
};

export interface LinkSample {
  /** bit/s, from the selected candidate pair; undefined until measured. */
  readonly availableOutgoingBitrate: number | undefined;
  /** 0..1, what the other side reports losing of our video; undefined until reported. */
  readonly videoLoss: number | undefined;
}

export interface AdaptState {
  readonly level: VideoLevel;
  readonly bad: number;
  readonly good: number;
  /** ms of good samples at this level (for the next probe). */
  readonly goodForMs: number;
  readonly probeAfterMs: number;
  /** A probe is running: the level it came from, and samples left to prove it. */
  readonly probe: { readonly from: VideoLevel; readonly left: number } | null;
}

export const ADAPT_LIMITS = {
  badLoss: 0.1,
  goodLoss: 0.03,
  firstProbeMs: 8_000,
  maxProbeMs: 20_000,
} as const;

export function initialAdapt(level: VideoLevel = 'high'): AdaptState {
  return { level, bad: 0, good: 0, goodForMs: 0, probeAfterMs: ADAPT_LIMITS.firstProbeMs, probe: null };
}

const indexOf = (l: VideoLevel) => VIDEO_LEVELS.indexOf(l);
const up = (l: VideoLevel): VideoLevel => VIDEO_LEVELS[Math.min(indexOf(l) + 1, VIDEO_LEVELS.length - 1)]!;
const down = (l: VideoLevel): VideoLevel => VIDEO_LEVELS[Math.max(indexOf(l) - 1, 0)]!;

/** The highest level whose need the estimate covers. */
export function levelFor(bitrate: number): VideoLevel {
  let fit: VideoLevel = 'audio-only';
  for (const l of VIDEO_LEVELS) if (bitrate >= LEVEL_PARAMETERS[l].need) fit = l;
  return fit;
}

/** One step of the controller: the state after a sample taken `intervalMs` after the previous one. */
export function adapt(state: AdaptState, sample: LinkSample, intervalMs: number): AdaptState {
  const bwe = sample.availableOutgoingBitrate;
  const loss = sample.videoLoss ?? 0;
  const need = LEVEL_PARAMETERS[state.level].need;
  if (state.probe) return judgeProbe(state, state.probe, bwe, loss);
  const isBad = loss > ADAPT_LIMITS.badLoss || (bwe !== undefined && bwe < need * 0.8);
  const isGood = !isBad && loss < ADAPT_LIMITS.goodLoss;
  if (isBad) {
    if (state.bad + 1 < 2) return { ...state, bad: state.bad + 1, good: 0, goodForMs: 0 };
    const byEstimate = bwe !== undefined && bwe < need * 0.5 ? levelFor(bwe) : state.level;
    const next = indexOf(byEstimate) < indexOf(state.level) ? byEstimate : down(state.level);
    return { ...state, level: next, bad: 0, good: 0, goodForMs: 0 };
  }
  if (!isGood) return { ...state, bad: 0, good: 0 };
  const good = state.good + 1;
  const goodForMs = state.goodForMs + intervalMs;
  const base = { ...state, bad: 0, good, goodForMs };
  if (state.level === 'high') return base;
  const next = up(state.level);
  if (good >= 2 && bwe !== undefined && bwe >= LEVEL_PARAMETERS[next].need)
    return { ...base, level: next, good: 0, goodForMs: 0 };
  if (goodForMs >= state.probeAfterMs)
    return { ...base, level: next, good: 0, goodForMs: 0, probe: { from: state.level, left: PROBE_SAMPLES } };
  return base;
}

/** Samples a probe runs before it is judged: the browser's estimate needs a few seconds to climb. */
export const PROBE_SAMPLES = 3;

/**
 * A probe sends at the higher level, so the estimate is no longer application-limited and can show what
 * the link carries. Only heavy loss (twice) ends it early; at its end, the estimate must cover the level.
 * Failed: back to where it came from, and the next probe waits 50 % longer (up to the cap).
 */
function judgeProbe(
  state: AdaptState,
  probe: NonNullable<AdaptState['probe']>,
  bwe: number | undefined,
  loss: number,
): AdaptState {
  const lossy = loss > ADAPT_LIMITS.badLoss;
  const bad = lossy ? state.bad + 1 : 0;
  const failed = {
    ...state,
    level: probe.from,
    bad: 0,
    good: 0,
    goodForMs: 0,
    probe: null,
    probeAfterMs: Math.min(state.probeAfterMs * 1.5, ADAPT_LIMITS.maxProbeMs),
  };
  if (bad >= 2) return failed;
  if (probe.left > 1) return { ...state, bad, probe: { ...probe, left: probe.left - 1 } };
  const holds = !lossy && bwe !== undefined && bwe >= LEVEL_PARAMETERS[state.level].need * 0.8;
  if (!holds) return failed;
  return { ...state, bad: 0, good: 0, goodForMs: 0, probe: null, probeAfterMs: ADAPT_LIMITS.firstProbeMs };
}

/** What the screen says: audio only, until a probe out of it has held. */
export const showsAudioOnly = (s: AdaptState): boolean =>
  s.level === 'audio-only' || s.probe?.from === 'audio-only';
