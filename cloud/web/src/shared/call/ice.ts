import * as z from 'zod/mini';
import { apiFetch } from '../api.js';

export const ICE_SERVERS_PATH = '/api/calls/ice-servers';

const IceAnswer = z.object({
  iceServers: z.array(
    z.object({
      urls: z.array(z.string()),
      username: z.optional(z.string()),
      credential: z.optional(z.string()),
    }),
  ),
  iceTransportPolicy: z.enum(['all', 'relay']),
  expiresAt: z.nullable(z.string()),
});

export interface IceConfig {
  readonly iceServers: RTCIceServer[];
  readonly iceTransportPolicy: RTCIceTransportPolicy;
}

/**
 * STUN/TURN for the next call, with time-limited TURN credentials. Fetched for every call and again before
 * every ICE restart: an expired credential gets 401 on allocation (shared/notes/dependencies.md).
 */
export async function fetchIceConfig(signal?: AbortSignal): Promise<IceConfig> {
  const answer = await apiFetch(ICE_SERVERS_PATH, {
    parse: (json) => IceAnswer.parse(json),
    ...(signal ? { signal } : {}),
  });
  return {
    iceServers: answer.iceServers.map((s) => ({
      urls: s.urls,
      ...(s.username !== undefined ? { username: s.username } : {}),
      ...(s.credential !== undefined ? { credential: s.credential } : {}),
    })),
    iceTransportPolicy: answer.iceTransportPolicy,
  };
}
