import { describe, expect, it } from 'vitest';
import { prepareQualityReport, qualityReport, sendQualityReport } from './quality-report.js';

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

  it('sends the report at hang-up as ONE keepalive request when the token was read while the call ran', async () => {
    const requests: { url: string; keepalive: boolean }[] = [];
    const fetcher = (async (url: string, init?: RequestInit) => {
      requests.push({ url, keepalive: init?.keepalive === true });
      return new Response(JSON.stringify({ csrfToken: 'tok' }));
    }) as typeof fetch;
    prepareQualityReport(fetcher);
    await new Promise((r) => setTimeout(r, 0));
    requests.length = 0;
    const sending = sendQualityReport(
      qualityReport('c', 'caller', { packetsReceived: 1, packetsLost: 0, roundTripTime: 0.01 }, 5),
      fetcher,
    );
    // A page reloaded right after hang-up aborts every request without keepalive still waiting to be made.
    await sending;
    expect(requests).toEqual([{ url: '/api/calls/quality', keepalive: true }]);
  });
});
