import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QualityLoop } from './quality-loop.js';
import type { AdaptationView } from './sender-adaptation.js';

/**
 * Issue 15: after a media outage the picture took 10–15 s to return to full quality, because the adaptation
 * had stepped down on the outage's samples and climbed back only by probes. The loop now returns to the level
 * that held before the outage as soon as ICE is connected again.
 */
let bwe = 2_000_000;
const applied: RTCRtpEncodingParameters[] = [];
const sender = {
  track: { kind: 'video' },
  getParameters: () => ({ encodings: [{ active: true }] }),
  setParameters: async (p: { encodings: RTCRtpEncodingParameters[] }) =>
    void applied.push({ ...p.encodings[0]! }),
};
const pc = {
  getSenders: () => [sender],
  getStats: async () =>
    new Map([['p', { id: 'p', type: 'candidate-pair', nominated: true, availableOutgoingBitrate: bwe }]]),
} as unknown as RTCPeerConnection;

describe('the quality loop around a media outage', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    bwe = 2_000_000;
    applied.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('goes back to the level that held before the outage once ICE is connected again', async () => {
    const views: AdaptationView[] = [];
    let connected = true;
    const loop = new QualityLoop({
      timers: { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as never) },
      everyMs: 2_000,
      events: { adaptation: (v) => views.push(v) },
      pc: () => pc,
      connected: () => connected,
    });
    loop.watch(pc);
    loop.markFlowing();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(views.at(-1)?.level).toBe('high');

    // The cut, before ICE notices it: the estimate collapses and the level drops to sound only.
    bwe = 50_000;
    await vi.advanceTimersByTimeAsync(4_000);
    expect(views.at(-1)?.level).toBe('audio-only');
    connected = false;
    loop.iceChanged('disconnected');
    await vi.advanceTimersByTimeAsync(4_000);

    connected = true;
    loop.iceChanged('connected');
    await vi.advanceTimersByTimeAsync(0);
    expect(views.at(-1)?.level, 'full video at once, not after the probes').toBe('high');
    expect(applied.at(-1)).toMatchObject({ active: true, scaleResolutionDownBy: 1 });
    // The estimate still low right after the outage is not judged during the warm-up.
    await vi.advanceTimersByTimeAsync(4_000);
    expect(views.at(-1)?.level).toBe('high');
    loop.stop(null);
  });
});
