import { describe, expect, it } from 'vitest';
import { cappedBackoff } from './backoff.js';
import { parseServerMessage } from './messages.js';
import { judgeQuality } from './quality.js';

describe('call helpers', () => {
  it('judges quality from the last interval only: loss and round-trip time', () => {
    const base = { packetsReceived: 1000, packetsLost: 0, roundTripTime: 0.02 };
    expect(judgeQuality(base, { packetsReceived: 1100, packetsLost: 0, roundTripTime: 0.02 })).toBe('good');
    expect(judgeQuality(base, { packetsReceived: 1095, packetsLost: 5, roundTripTime: 0.02 })).toBe('fair');
    expect(judgeQuality(base, { packetsReceived: 1080, packetsLost: 20, roundTripTime: 0.02 })).toBe('poor');
    expect(judgeQuality(base, { packetsReceived: 1100, packetsLost: 0, roundTripTime: 0.8 })).toBe('poor');
    expect(judgeQuality(base, { ...base }), 'nothing arrived: frozen picture').toBe('poor');
    expect(judgeQuality(undefined, { packetsReceived: 0, packetsLost: 0, roundTripTime: undefined })).toBe(
      'unknown',
    );
  });

  it('backs off exponentially with jitter, never above the cap', () => {
    const policy = cappedBackoff({ baseMs: 250, capMs: 10_000, random: () => 1 });
    expect([0, 1, 2, 3, 10].map((a) => policy.next(a))).toEqual([250, 500, 1000, 2000, 10_000]);
    expect(cappedBackoff({ random: () => 0 }).next(0)).toBe(125);
    expect(cappedBackoff({ maxAttempts: 2 }).next(2)).toBeNull();
  });

  it('accepts only valid server frames of this version', () => {
    expect(parseServerMessage('{"v":1,"type":"call.ended","callId":"c1","reason":"hung_up"}')).toMatchObject({
      type: 'call.ended',
    });
    expect(parseServerMessage('{"v":2,"type":"call.ended","callId":"c1","reason":"hung_up"}')).toBeNull();
    expect(parseServerMessage('{"v":1,"type":"call.ended","callId":"c1","reason":"bored"}')).toBeNull();
    expect(parseServerMessage('not json')).toBeNull();
  });
});
