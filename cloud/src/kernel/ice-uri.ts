import { z } from 'zod';

/**
 * STUN and TURN server URIs as browsers accept them in RTCIceServer.urls: RFC 7064 (`stun:`, `stuns:`) and
 * RFC 7065 (`turn:`, `turns:`), host [":" port], and for TURN an optional `?transport=udp|tcp`. No userinfo:
 * credentials travel in username/credential, never in the URI.
 */
const ICE_URI = /^(stuns?|turns?):(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/i;

export type IceScheme = 'stun' | 'stuns' | 'turn' | 'turns';

export function iceSchemeOf(uri: string): IceScheme | null {
  const match = ICE_URI.exec(uri);
  if (!match) return null;
  const port = match[3] === undefined ? null : Number(match[3]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  const scheme = match[1]!.toLowerCase() as IceScheme;
  // RFC 7064 §3.1: a STUN URI has no query; only TURN URIs carry ?transport= (RFC 7065 §3.1).
  if (scheme.startsWith('stun') && match[4] !== undefined) return null;
  return scheme;
}

export function isTurnUri(uri: string): boolean {
  const scheme = iceSchemeOf(uri);
  return scheme === 'turn' || scheme === 'turns';
}

/** Comma-separated list from the environment; empty means none. */
function uriList(allowed: readonly IceScheme[], example: string) {
  return z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z.string().refine((u) => allowed.includes(iceSchemeOf(u) as IceScheme), {
            message: `expected comma-separated ${allowed.map((s) => `${s}:`).join('/')} URIs such as ${example}`,
          }),
        )
        .max(8),
    );
}

export const envTurnUrls = uriList(
  ['turn', 'turns', 'stun'],
  'turns:turn.example.dk:443?transport=tcp,turn:turn.example.dk:3478',
);
export const envStunUrls = uriList(['stun', 'stuns'], 'stun:turn.example.dk:3478');
