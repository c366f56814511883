import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '../api.js';
import { fetchIceConfig, ICE_REFRESH_EVERY_MS, ICE_SERVERS_PATH, type IceConfig, IceServers } from './ice.js';

const answer = {
  iceServers: [{ urls: ['stun:stun.example:3478'] }],
  iceTransportPolicy: 'all',
  expiresAt: null,
};

function recorder() {
  const seen: { path: string; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = async (path, init) => {
    seen.push({ path, headers: init.headers as Record<string, string> });
    return new Response(JSON.stringify(answer), { headers: { 'content-type': 'application/json' } });
  };
  return { seen, fetch };
}

describe('the ICE servers for a call', () => {
  it('are fetched passively while it rings, so a ring does not count as the person being active', async () => {
    const { seen, fetch } = recorder();
    const ice = await fetchIceConfig(undefined, { passive: true, fetch });
    expect(ice.iceServers).toEqual([{ urls: ['stun:stun.example:3478'] }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe(ICE_SERVERS_PATH);
    expect(seen[0]!.headers['x-sv-passive']).toBe('1');
  });

  it('count as activity when the person answers or calls', async () => {
    const { seen, fetch } = recorder();
    await fetchIceConfig(undefined, { fetch });
    expect(seen[0]!.headers['x-sv-passive']).toBeUndefined();
  });
});

/** Timers that never fire: the refresh's 1.5 s limit plays no part in these tests. */
const idle = { setTimeout: () => 0, clearTimeout: () => {} };

function turn(credential: string): IceConfig {
  return {
    iceServers: [{ urls: ['turn:turn.example:3478'], username: 'u', credential }],
    iceTransportPolicy: 'all',
  };
}

function peerConnection() {
  let config: RTCConfiguration = {};
  return {
    signalingState: 'stable' as RTCSignalingState,
    getConfiguration: () => config,
    setConfiguration: (next: RTCConfiguration) => {
      config = next;
    },
    get config() {
      return config;
    },
  };
}

describe("a call's ICE servers across restarts", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  /** The servers held are older than the refresh spacing by the time a restart asks. */
  const pastTheSpacing = () => vi.setSystemTime(Date.now() + ICE_REFRESH_EVERY_MS);

  it("hand a rebuilt connection the refreshed TURN credential, not the call's first one", async () => {
    const answers = [turn('first'), turn('fresh')];
    const servers = new IceServers(async () => answers.shift()!, idle);
    await servers.first();
    const pc = peerConnection();
    pastTheSpacing();
    await servers.refresh(pc as unknown as RTCPeerConnection);
    expect(pc.config.iceServers?.[0]?.credential).toBe('fresh');
    expect(servers.current?.iceServers[0]?.credential).toBe('fresh');
  });

  it('try again at the next restart after a refresh that failed, instead of waiting 30 s', async () => {
    let calls = 0;
    const servers = new IceServers(async () => {
      calls += 1;
      if (calls === 2) throw new Error('offline');
      return turn(`answer ${calls}`);
    }, idle);
    await servers.first();
    const pc = peerConnection();
    pastTheSpacing();
    await servers.refresh(pc as unknown as RTCPeerConnection);
    expect(servers.current?.iceServers[0]?.credential).toBe('answer 1');
    await servers.refresh(pc as unknown as RTCPeerConnection);
    expect(calls).toBe(3);
    expect(servers.current?.iceServers[0]?.credential).toBe('answer 3');
  });

  it('share one fetch between restarts that ask at the same time', async () => {
    let calls = 0;
    const servers = new IceServers(async () => turn(`answer ${++calls}`), idle);
    const pc = peerConnection() as unknown as RTCPeerConnection;
    await Promise.all([servers.refresh(pc), servers.refresh(pc), servers.refresh(pc)]);
    expect(calls).toBe(1);
    await servers.refresh(pc);
    expect(calls).toBe(1);
  });
});
