import type { CloudConfig } from '../kernel/config.js';
import { StartupError } from '../kernel/errors.js';
import { iceSchemeOf, isTurnUri } from '../kernel/ice-uri.js';
import { turnRestCredential } from './rest-credential.js';

/** RTCIceServer (W3C webrtc-pc §4.2.4), as the browser, wrtc and the kiosk (device/src/media/ice.ts) take it. */
export interface IceServer {
  readonly urls: string[];
  readonly username?: string;
  readonly credential?: string;
}

/**
 * What a client passes to `new RTCPeerConnection(...)`. `iceTransportPolicy: 'relay'` (webrtc-pc §4.2.5) when the
 * municipality wants calls only through the relay. `expiresAt`: after it, fetch again before an ICE restart.
 */
export interface IceConfiguration {
  readonly iceServers: IceServer[];
  readonly iceTransportPolicy: 'all' | 'relay';
  readonly expiresAt: Date | null;
}

export type TurnConfig = Pick<CloudConfig, 'TURN_URLS' | 'TURN_SECRET' | 'TURN_TTL_SECONDS' | 'STUN_URLS'>;

export interface IceServerIssuer {
  /** True when there is a TURN server to relay through (relay-only calls are possible). */
  readonly hasTurn: boolean;
  issue(input: {
    readonly userId: string;
    readonly relayOnly: boolean;
    readonly now: Date;
  }): IceConfiguration;
}

/**
 * Checked once at start-up: TURN URIs without the shared secret would hand out credentials coturn refuses,
 * and every relayed call would fail at the first allocation (a 401 nobody sees). Refuse to start instead.
 */
export function createIceServerIssuer(config: TurnConfig): IceServerIssuer {
  const turnUrls = config.TURN_URLS.filter(isTurnUri);
  const stunUrls = [...new Set([...config.STUN_URLS, ...config.TURN_URLS.filter((u) => !isTurnUri(u))])];
  const secret = config.TURN_SECRET;
  if (turnUrls.length > 0 && !secret) {
    throw new StartupError(
      `TURN_URLS names TURN servers (${turnUrls.join(', ')}) but TURN_SECRET is not set. Set TURN_SECRET to coturn's static-auth-secret (deploy/coturn/turnserver.conf), or remove the turn:/turns: URIs.`,
    );
  }
  for (const url of [...turnUrls, ...stunUrls]) {
    // The env decoders already check this; the issuer is also built from hand-made configs in tests.
    if (iceSchemeOf(url) === null) throw new StartupError(`Not a STUN/TURN URI: ${url}`);
  }
  return {
    hasTurn: turnUrls.length > 0,
    issue({ userId, relayOnly, now }) {
      const iceServers: IceServer[] = [];
      let expiresAt: Date | null = null;
      if (turnUrls.length > 0 && secret) {
        const rest = turnRestCredential({ secret, userId, now, ttlSeconds: config.TURN_TTL_SECONDS });
        iceServers.push({ urls: turnUrls, username: rest.username, credential: rest.credential });
        expiresAt = rest.expiresAt;
      }
      // STUN is useless under a relay-only policy (only relay candidates are gathered): leave it out.
      if (stunUrls.length > 0 && !relayOnly) iceServers.push({ urls: stunUrls });
      return { iceServers, iceTransportPolicy: relayOnly ? 'relay' : 'all', expiresAt };
    },
  };
}
