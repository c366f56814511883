import { describe, expect, it } from 'vitest';
import { ADAPT_LIMITS, type AdaptState, adapt, initialAdapt, levelFor, showsAudioOnly } from './bandwidth.js';

const run = (state: AdaptState, samples: { bwe?: number; loss?: number }[], intervalMs = 2_000) =>
  samples.reduce(
    (s, x) => adapt(s, { availableOutgoingBitrate: x.bwe, videoLoss: x.loss }, intervalMs),
    state,
  );
const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);

describe('bandwidth adaptation of the video we send', () => {
  it('keeps full video on a good link', () => {
    const s = run(initialAdapt(), times(10, { bwe: 2_500_000, loss: 0 }));
    expect(s.level).toBe('high');
    expect(showsAudioOnly(s)).toBe(false);
  });

  it('does not react to one bad sample, only to two in a row', () => {
    expect(run(initialAdapt(), [{ bwe: 500_000 }]).level).toBe('high');
    expect(run(initialAdapt(), [{ bwe: 500_000 }, { bwe: 2_000_000 }, { bwe: 500_000 }]).level).toBe('high');
    expect(run(initialAdapt(), [{ bwe: 500_000 }, { bwe: 500_000 }]).level).toBe('medium');
  });

  it('steps down under heavy loss even when the estimate is high', () => {
    const s = run(initialAdapt(), times(2, { bwe: 2_000_000, loss: 0.15 }));
    expect(s.level).toBe('medium');
  });

  it('goes straight to audio only when the estimate collapses (200 kbit/s), and says so', () => {
    const s = run(initialAdapt(), times(2, { bwe: 180_000, loss: 0.2 }));
    expect(s.level).toBe('audio-only');
    expect(showsAudioOnly(s)).toBe(true);
    expect(levelFor(180_000)).toBe('audio-only');
    expect(levelFor(900_000)).toBe('high');
  });

  it('probes out of audio only after a while, keeps the notice until the probe holds, then climbs', () => {
    let s = run(initialAdapt(), times(2, { bwe: 150_000 }));
    expect(s.level).toBe('audio-only');
    // Audio only sends little, so the estimate stays low even on a good link: only a probe can tell.
    s = run(s, times(ADAPT_LIMITS.firstProbeMs / 2_000, { bwe: 120_000, loss: 0 }));
    expect(s.level).toBe('low');
    expect(showsAudioOnly(s), 'probing: notice stays').toBe(true);
    s = run(s, times(2, { bwe: 200_000, loss: 0 }));
    expect(showsAudioOnly(s), 'the estimate is still climbing: not judged yet').toBe(true);
    s = run(s, [{ bwe: 350_000, loss: 0 }]);
    expect(s.level).toBe('low');
    expect(showsAudioOnly(s), 'probe held').toBe(false);
    s = run(s, times(2, { bwe: 800_000, loss: 0 }));
    expect(s.level).toBe('medium');
  });

  it('falls back after a failed probe and waits longer before the next one, up to a cap', () => {
    let s = run(initialAdapt(), times(2, { bwe: 150_000 }));
    s = run(s, times(ADAPT_LIMITS.firstProbeMs / 2_000, { bwe: 120_000 }));
    expect(s.level).toBe('low');
    s = run(s, times(2, { bwe: 150_000, loss: 0.3 }));
    expect(s.level, 'heavy loss ends a probe early').toBe('audio-only');
    expect(s.probeAfterMs).toBe(ADAPT_LIMITS.firstProbeMs * 1.5);
    s = run(s, times(Math.ceil(s.probeAfterMs / 2_000), { bwe: 120_000 }));
    s = run(s, times(3, { bwe: 180_000, loss: 0.01 }));
    expect(s.level, 'a probe whose estimate never covered the level').toBe('audio-only');
    expect(s.probeAfterMs).toBe(ADAPT_LIMITS.firstProbeMs * 1.5 * 1.5);
    for (let i = 0; i < 10; i += 1) {
      s = run(s, times(Math.ceil(s.probeAfterMs / 2_000), { bwe: 120_000 }));
      s = run(s, times(2, { bwe: 150_000, loss: 0.3 }));
    }
    expect(s.level).toBe('audio-only');
    expect(s.probeAfterMs).toBe(ADAPT_LIMITS.maxProbeMs);
  });

  it('holds the level while the loss is in between (3–10 %)', () => {
    const s = run({ ...initialAdapt('medium') }, times(20, { bwe: 450_000, loss: 0.05 }));
    expect(s.level).toBe('medium');
  });
});
