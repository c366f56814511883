import { Heartbeat } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ackedEvery, startHeartbeat } from './heartbeat.js';
import { KEEPALIVE_SECONDS, type MqttSession, type PublishOptions } from './mqtt-session.js';

/** A session that records what was published and answers each publish with a fixed round trip. */
function recordingSession() {
  const sent: { channel: string; payload: Heartbeat; options: PublishOptions }[] = [];
  let nextRtt = 40;
  const session: MqttSession = {
    connected: true,
    keepaliveSeconds: KEEPALIVE_SECONDS,
    async publish(channel, payload, options) {
      sent.push({ channel, payload: Heartbeat.parse(JSON.parse(payload)), options });
      return options.qos === 1 ? nextRtt++ : 0;
    },
    async close() {},
  };
  return { session, sent };
}

describe('heartbeat QoS (issue 14)', () => {
  it('acknowledges one beat per keepalive, leaving room for the PUBACK before the ping would fall due', () => {
    // The agent's defaults: every other 30 s beat, so a PUBACK every ~60 s against a 70 s keepalive.
    expect(ackedEvery(30_000, KEEPALIVE_SECONDS)).toBe(2);
    expect(ackedEvery(10_000, KEEPALIVE_SECONDS)).toBe(6);
    expect(ackedEvery(25_000, KEEPALIVE_SECONDS)).toBe(2);
    expect(ackedEvery(5_000, KEEPALIVE_SECONDS)).toBe(12);
    for (let seconds = 5; seconds <= 30; seconds++) {
      const span = ackedEvery(seconds * 1000, KEEPALIVE_SECONDS) * seconds;
      expect(span).toBeLessThanOrEqual(KEEPALIVE_SECONDS - 10);
      expect(span).toBeGreaterThan(KEEPALIVE_SECONDS - 10 - seconds);
    }
    // A keepalive shorter than a beat: every beat acknowledged (the pings then come anyway).
    expect(ackedEvery(30_000, 20)).toBe(1);
  });

  it('publishes at QoS 0 except one beat per keepalive, whose PUBACK times the round trip the next beats report', async () => {
    const { session, sent } = recordingSession();
    const heartbeat = startHeartbeat({
      clock: new FakeClock(),
      intervalMs: 30_000,
      session,
      software: 'screenvisit-kiosk/test',
      engine: () => 'none',
      temperature: async () => undefined,
      log: pino({ level: 'silent' }),
    });
    for (let i = 0; i < 7; i++) await heartbeat.beat();
    heartbeat.stop();

    expect(sent.every((s) => s.channel === 'hb' && s.options.retain !== true)).toBe(true);
    expect(sent.map((s) => s.options.qos)).toEqual([1, 0, 1, 0, 1, 0, 1]);
    // A QoS 0 publish measures nothing: the round trip reported is the last timed one's, never a 0.
    expect(sent.map((s) => s.payload.rttMs)).toEqual([undefined, 40, 40, 41, 41, 42, 42]);
  });
});
