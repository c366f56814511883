import { Heartbeat } from '@screenvisit/protocol';
import { FakeClock } from '@screenvisit/protocol/testing';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { RTT_EVERY, startHeartbeat } from './heartbeat.js';
import type { MqttSession, PublishOptions } from './mqtt-session.js';

/** A session that records what was published and answers each publish with a fixed round trip. */
function recordingSession() {
  const sent: { channel: string; payload: Heartbeat; options: PublishOptions }[] = [];
  let nextRtt = 40;
  const session: MqttSession = {
    connected: true,
    async publish(channel, payload, options) {
      sent.push({ channel, payload: Heartbeat.parse(JSON.parse(payload)), options });
      return options.qos === 1 ? nextRtt++ : 0;
    },
    async close() {},
  };
  return { session, sent };
}

describe('heartbeat QoS (issue 14)', () => {
  it('publishes at QoS 0 except every RTT_EVERY-th beat, whose PUBACK times the round trip the next beats report', async () => {
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
    for (let i = 0; i < 2 * RTT_EVERY + 1; i++) await heartbeat.beat();
    heartbeat.stop();

    expect(sent.every((s) => s.channel === 'hb' && s.options.retain !== true)).toBe(true);
    const timed = sent.flatMap((s, i) => (s.options.qos === 1 ? [i] : []));
    expect(timed).toEqual([0, RTT_EVERY, 2 * RTT_EVERY]);
    expect(sent.filter((s) => s.options.qos === 0)).toHaveLength(2 * RTT_EVERY - 2);
    // A QoS 0 publish measures nothing: the round trip reported is the last timed one's, never a 0.
    expect(sent[0]?.payload.rttMs).toBeUndefined();
    expect(sent.slice(1, RTT_EVERY + 1).map((s) => s.payload.rttMs)).toEqual(Array(RTT_EVERY).fill(40));
    expect(sent[RTT_EVERY + 1]?.payload.rttMs).toBe(41);
    expect(sent[2 * RTT_EVERY]?.payload.rttMs).toBe(41);
  });
});
