import type { CandidateType } from '../../media-engine.js';
import { type IceConfig, toGstIceServers } from '../ice.js';

/**
 * When a non-trickle answer (or offer) may go out before webrtcbin reports ICE gathering COMPLETE.
 *
 * Why not simply wait for COMPLETE: libnice reports it only once its UPnP-IGD discovery has timed out (NiceAgent
 * `upnp-timeout`, 200 ms), so every answer waited ~200 ms for nothing (docs/performance.md "Kiosk"). Switching
 * UPnP off needs webrtcbin's ICE agent object, and node-gtk cannot hold that object without taking webrtcbin's
 * own (floating) reference: probed, it ended in use-after-free CRITICALs mid-call. So the answer goes out as soon
 * as it holds what the call can connect with:
 *  - a host candidate (policy 'all'): loopback, LAN and most direct calls;
 *  - a server-reflexive one when a STUN server is configured (policy 'all');
 *  - a relay one when a TURN server is configured (every real call; RFC 8445 §5.1.1.2: the one that always
 *    works through NAT), and only relay ones count under policy 'relay';
 * and the candidate list did not grow since the previous poll, so one batch of host candidates is not cut in
 * half. The caller still bounds the wait (stepTimeoutMs) and takes COMPLETE when that comes first. A candidate
 * gathered later is not sent (no trickle in this direction): a second TURN transport (TCP after UDP) may be
 * left out, which ICE does not need when one relay candidate is there.
 */
export function answerIsReady(
  sdp: string,
  ice: IceConfig,
  previousCount: number,
): { ready: boolean; candidates: number } {
  const types = candidateTypes(sdp);
  const { stunServer, turnServers } = toGstIceServers(ice);
  const needed: CandidateType[] = [];
  if (ice.iceTransportPolicy === 'all') needed.push('host');
  if (ice.iceTransportPolicy === 'all' && stunServer) needed.push('srflx');
  if (turnServers.length > 0 || ice.iceTransportPolicy === 'relay') needed.push('relay');
  const ready =
    types.length > 0 && types.length === previousCount && needed.every((type) => types.includes(type));
  return { ready, candidates: types.length };
}

/** The `typ` of every a=candidate line (RFC 8839 §5.1). */
export function candidateTypes(sdp: string): CandidateType[] {
  return [...sdp.matchAll(/^a=candidate:\S+ \d+ \S+ \d+ \S+ \d+ typ (host|srflx|prflx|relay)\b/gm)].map(
    (match) => match[1] as CandidateType,
  );
}
