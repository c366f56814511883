import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../api.js';
import { fetchIceConfig, ICE_SERVERS_PATH } from './ice.js';

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
