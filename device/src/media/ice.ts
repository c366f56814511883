import { z } from 'zod';

/** RTCIceServer (W3C webrtc-pc §4.2.4): one STUN or TURN server, with TURN credentials. */
export const IceServer = z
  .object({
    urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    username: z.string().max(512).optional(),
    credential: z.string().max(512).optional(),
  })
  .strict();
export type IceServer = z.infer<typeof IceServer>;

/** 'relay' hides the kiosk's own addresses: only TURN candidates are used (webrtc-pc §4.2.5). */
export const IceTransportPolicy = z.enum(['all', 'relay']);
export type IceTransportPolicy = z.infer<typeof IceTransportPolicy>;

export const IceConfig = z
  .object({ iceServers: z.array(IceServer).max(8), iceTransportPolicy: IceTransportPolicy })
  .strict();
export type IceConfig = z.infer<typeof IceConfig>;

export const NO_ICE_SERVERS: IceConfig = { iceServers: [], iceTransportPolicy: 'all' };

// RFC 7064 (stun:) and RFC 7065 (turn:, turns:) URIs: scheme ":" host [":" port] ["?transport=" udp/tcp].
const ICE_URI = /^(stuns?|turns?):(\[[^\]]+\]|[^:?]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i;

export interface GstIceServers {
  stunServer: string | null;
  turnServers: string[];
}

/**
 * webrtcbin wants `stun://host:port` and `turn(s)://user:password@host:port` (GstWebRTCBin `stun-server`,
 * `add-turn-server`). The credentials are URI userinfo, so they are percent-encoded: TURN REST usernames
 * contain ':' ("<expiry>:<user>", draft-uberti-behave-turn-rest-00 §2.2).
 */
export function toGstIceServers(config: IceConfig): GstIceServers {
  let stunServer: string | null = null;
  const turnServers: string[] = [];
  for (const server of config.iceServers) {
    for (const url of typeof server.urls === 'string' ? [server.urls] : server.urls) {
      const match = ICE_URI.exec(url);
      if (!match) throw new Error(`not a STUN/TURN URI: ${url}`);
      const [, scheme = '', host = '', port, transport] = match;
      const lower = scheme.toLowerCase();
      if (lower.startsWith('stun')) {
        // webrtcbin takes one STUN server; the first one wins.
        stunServer ??= `stun://${host}:${port ?? '3478'}`;
        continue;
      }
      if (server.username === undefined || server.credential === undefined)
        throw new Error(`TURN server ${url} needs a username and a credential`);
      const userinfo = `${encodeURIComponent(server.username)}:${encodeURIComponent(server.credential)}`;
      const query = transport ? `?transport=${transport.toLowerCase()}` : '';
      turnServers.push(
        `${lower}://${userinfo}@${host}:${port ?? (lower === 'turns' ? '5349' : '3478')}${query}`,
      );
    }
  }
  return { stunServer, turnServers };
}

/**
 * How close to its TURN credentials' expiry an ICE config counts as stale: a rebuild or ICE restart allocates
 * on the TURN server while it gathers (up to the engines' 10 s step timeout), and the kiosk's clock may be a
 * little off coturn's. Anything later is used as it is.
 */
export const ICE_EXPIRY_MARGIN_MS = 30_000;

/** "<expiry as unix seconds>:<user>" (draft-uberti-behave-turn-rest-00 §2.2; cloud/src/turn/rest-credential.ts). */
const REST_USERNAME = /^(\d{9,11}):/;

/**
 * When the earliest TURN REST credential in `config` expires (epoch ms), or null when none says (no TURN, or a
 * TURN server with a static username): coturn refuses new allocations with it after that (401).
 */
export function turnExpiresAt(config: IceConfig): number | null {
  let earliest: number | null = null;
  for (const server of config.iceServers) {
    const match = server.username === undefined ? null : REST_USERNAME.exec(server.username);
    if (!match) continue;
    const at = Number(match[1]) * 1000;
    earliest = earliest === null ? at : Math.min(earliest, at);
  }
  return earliest;
}

/** Whether a rebuild or ICE restart with `config` at `now` may meet expired TURN credentials. */
export function iceIsStale(config: IceConfig, now: number, marginMs = ICE_EXPIRY_MARGIN_MS): boolean {
  const expiresAt = turnExpiresAt(config);
  return expiresAt !== null && expiresAt - now < marginMs;
}
