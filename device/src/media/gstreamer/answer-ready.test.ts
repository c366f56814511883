import { describe, expect, it } from 'vitest';
import { answerIsReady, candidateTypes } from './answer-ready.js';

const host = 'a=candidate:1 1 UDP 2015363327 192.0.2.2 40000 typ host';
const srflx = 'a=candidate:2 1 UDP 1679819007 203.0.113.7 40000 typ srflx raddr 192.0.2.2 rport 40000';
const relay = 'a=candidate:3 1 UDP 847249663 198.51.100.9 50000 typ relay raddr 203.0.113.7 rport 40000';
const sdp = (...lines: string[]) => ['v=0', 'm=video 9 UDP/TLS/RTP/SAVPF 96', ...lines, ''].join('\r\n');
const noServers = { iceServers: [], iceTransportPolicy: 'all' as const };
const withTurn = {
  iceServers: [{ urls: 'turn:198.51.100.9:3478', username: '1:u', credential: 'c' }],
  iceTransportPolicy: 'all' as const,
};

describe('when a non-trickle answer may go out before gathering is complete', () => {
  it('reads the candidate types of an SDP', () => {
    expect(candidateTypes(sdp(host, srflx, relay))).toEqual(['host', 'srflx', 'relay']);
    expect(candidateTypes(sdp())).toEqual([]);
  });

  it('without STUN or TURN: once host candidates are there and their number held for one poll', () => {
    expect(answerIsReady(sdp(), noServers, -1)).toEqual({ ready: false, candidates: 0 });
    expect(answerIsReady(sdp(), noServers, 0).ready).toBe(false); // nothing gathered yet is not "stable"
    expect(answerIsReady(sdp(host), noServers, 0)).toEqual({ ready: false, candidates: 1 }); // still growing
    expect(answerIsReady(sdp(host), noServers, 1).ready).toBe(true);
  });

  it('with TURN: waits for a relay candidate, however long the host ones have been there', () => {
    expect(answerIsReady(sdp(host), withTurn, 1).ready).toBe(false);
    expect(answerIsReady(sdp(host, relay), withTurn, 2).ready).toBe(true);
    const relayOnly = { ...withTurn, iceTransportPolicy: 'relay' as const };
    expect(answerIsReady(sdp(relay), relayOnly, 1).ready).toBe(true);
    expect(answerIsReady(sdp(), relayOnly, 0).ready).toBe(false);
  });

  it('with STUN: waits for a server-reflexive candidate', () => {
    const withStun = { iceServers: [{ urls: 'stun:198.51.100.9:3478' }], iceTransportPolicy: 'all' as const };
    expect(answerIsReady(sdp(host), withStun, 1).ready).toBe(false);
    expect(answerIsReady(sdp(host, srflx), withStun, 2).ready).toBe(true);
  });
});
