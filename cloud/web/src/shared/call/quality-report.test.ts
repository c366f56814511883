import { describe, expect, it } from 'vitest';
import { qualityReport } from './quality-report.js';

describe('end-of-call quality report', () => {
  it('turns the last stats sample into loss, bitrate, RTT and resolution', () => {
    const r = qualityReport(
      'c',
      'callee',
      {
        packetsReceived: 970,
        packetsLost: 30,
        roundTripTime: 0.042,
        bytesReceived: 1_250_000,
        frameWidth: 640,
        frameHeight: 480,
      },
      10,
    );
    expect(r).toEqual({
      callId: 'c',
      role: 'callee',
      durationSeconds: 10,
      rttMs: 42,
      lossPercent: 3,
      bitrateKbps: 1000,
      width: 640,
      height: 480,
      audioOnly: false,
    });
  });

  it('says audio only when no video frame was decoded, and no RTT when none was measured', () => {
    const r = qualityReport(
      'c',
      'caller',
      { packetsReceived: 0, packetsLost: 0, roundTripTime: undefined },
      0,
    );
    expect(r).toMatchObject({ rttMs: null, lossPercent: 0, bitrateKbps: 0, width: null, audioOnly: true });
  });
});
