import { execFileSync, spawnSync } from 'node:child_process';
import { requireOrSkip } from '../../../test-support/requirements.js';

/**
 * Cuts a call's media mid-call with nftables: every UDP and TCP packet from or to the given ports (both
 * parties' ICE candidates, read from their SDP) is dropped, both directions, until restore(). TCP too, because
 * ICE moves a call onto its TCP candidates when UDP stops (RFC 6544). Nothing else on the machine is touched:
 * the rules live in a table of their own, named per process, and match only ports the call's sockets hold. (Chromium's offline emulation does not stop WebRTC media, and the engines are not
 * given fixed ports: reading webrtcbin's ice-agent from node-gtk drops a reference webrtcbin still needs.)
 */
export interface MediaCut {
  cut(ports: number[]): void;
  restore(): void;
  close(): void;
}

/** nft works here (root, nftables installed); else skip loudly (fails under CI=true). */
export function hasNft(): boolean {
  const probe = spawnSync('nft', ['list', 'tables'], { stdio: 'ignore' });
  return requireOrSkip(
    'nftables as root',
    probe.status === 0,
    'run as root with nftables installed (apt-get install nftables)',
  );
}

/**
 * The ports of the candidates in SDP (RFC 8839 §5.1: "a=candidate:f c transport prio addr port typ …"), UDP and
 * TCP; port 9 is the placeholder of an active TCP candidate (RFC 6544 §4.5), not a socket.
 */
export function candidatePorts(...sdps: string[]): number[] {
  const ports = sdps.flatMap((sdp) =>
    [...sdp.matchAll(/^a=candidate:\S+ \d+ (?:udp|tcp) \d+ \S+ (\d+) typ/gim)].map((m) => Number(m[1])),
  );
  return [...new Set(ports)].filter((port) => port !== 9);
}

export function createMediaCut(): MediaCut {
  const table = `sv_media_cut_${process.pid}`;
  const nft = (script: string) =>
    execFileSync('nft', ['-f', '-'], { input: script, stdio: ['pipe', 'ignore', 'pipe'] });
  nft(`table inet ${table} {
    chain input { type filter hook input priority 0; policy accept; }
    chain output { type filter hook output priority 0; policy accept; }
  }`);
  let closed = false;
  return {
    cut(ports) {
      if (ports.length === 0) throw new Error('no ports to cut');
      const set = `{ ${ports.join(', ')} }`;
      nft(
        ['input', 'output']
          .flatMap((chain) => [
            `add rule inet ${table} ${chain} meta l4proto { udp, tcp } th sport ${set} drop`,
            `add rule inet ${table} ${chain} meta l4proto { udp, tcp } th dport ${set} drop`,
          ])
          .join('\n'),
      );
    },
    restore() {
      nft(`flush chain inet ${table} input\nflush chain inet ${table} output`);
    },
    close() {
      if (closed) return;
      closed = true;
      spawnSync('nft', ['delete', 'table', 'inet', table], { stdio: 'ignore' });
    },
  };
}
