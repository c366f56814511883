import { describe, expect, it } from 'vitest';
import {
  type ScalableSender,
  START_SCALE,
  STEP_UP_AFTER_MS,
  STEP_UP_RETRY_MS,
  STEP_UP_TRIES,
  startSmall,
  stepUp,
  videoFramesSent,
} from './first-frame.js';
import { WARM_UP_MS } from './sender-adaptation.js';

/** A sender as Chromium shows one: parameters read afresh each time, a set replaces them. */
function sender(scale?: number): ScalableSender & { sets: number; scale: () => number | undefined } {
  let encodings: RTCRtpEncodingParameters[] = [scale === undefined ? {} : { scaleResolutionDownBy: scale }];
  let sets = 0;
  return {
    getParameters: () =>
      ({ transactionId: 't', encodings: encodings.map((e) => ({ ...e })) }) as RTCRtpSendParameters,
    setParameters: async (p: RTCRtpSendParameters) => {
      sets += 1;
      encodings = p.encodings;
    },
    get sets() {
      return sets;
    },
    scale: () => encodings[0]?.scaleResolutionDownBy,
  };
}

describe('first frame small, then full size', () => {
  it('starts a sender nobody has scaled at the start scale, and steps it back to full size', async () => {
    for (const untouched of [undefined, 1]) {
      const s = sender(untouched);
      await startSmall(s);
      expect(s.scale()).toBe(START_SCALE);
      await stepUp(s);
      expect(s.scale()).toBe(1);
    }
  });

  it('leaves a scale the bandwidth adaptation chose alone, before and after', async () => {
    const low = sender(4);
    await startSmall(low);
    expect(low.scale()).toBe(4);
    await stepUp(low);
    expect(low.scale(), 'the adaptation went to "low" meanwhile').toBe(4);
    expect(low.sets).toBe(0);
  });

  it('is no worse than before when the browser refuses the parameters', async () => {
    const s = sender();
    s.setParameters = () => Promise.reject(new DOMException('refused', 'InvalidModificationError'));
    await expect(startSmall(s)).resolves.toBeUndefined();
    await expect(stepUp(s)).resolves.toBeUndefined();
  });

  it('takes its last look before the bandwidth adaptation may choose a scale of its own', () => {
    expect(STEP_UP_TRIES).toBeGreaterThan(1);
    expect(STEP_UP_AFTER_MS + (STEP_UP_TRIES - 1) * STEP_UP_RETRY_MS).toBeLessThan(WARM_UP_MS);
  });

  it('counts only video frames sent', async () => {
    const stats = new Map<string, object>([
      ['a', { type: 'outbound-rtp', kind: 'audio', packetsSent: 50 }],
      ['v', { type: 'outbound-rtp', kind: 'video', framesSent: 3 }],
      ['r', { type: 'inbound-rtp', kind: 'video', framesDecoded: 9 }],
    ]);
    expect(await videoFramesSent({ getStats: async () => stats as unknown as RTCStatsReport })).toBe(3);
    const none = new Map([['v', { type: 'outbound-rtp', kind: 'video' }]]);
    expect(await videoFramesSent({ getStats: async () => none as unknown as RTCStatsReport })).toBe(0);
  });
});
