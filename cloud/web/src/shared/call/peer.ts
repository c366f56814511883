import type { ServerMessageOf } from './messages.js';

/**
 * One RTCPeerConnection of a call with what belongs to it alone: the remote stream its tracks build, and the
 * ICE candidates that came before its remote description (RFC 8838 §4: trickled candidates may overtake the
 * description). A call controller starts its negotiation over on a new Peer (call-controller.ts rebuild), so
 * nothing of the old connection leaks into the new one. close() stops the remote tracks and the connection.
 */
export interface PeerEvents {
  candidate(candidate: RTCIceCandidate | null): void;
  remoteStream(stream: MediaStream): void;
  iceState(state: RTCIceConnectionState): void;
}

export class Peer {
  readonly pc: RTCPeerConnection;
  private remoteStream: MediaStream | null = null;
  private pending: RTCIceCandidateInit[] = [];

  constructor(config: RTCConfiguration, events: PeerEvents) {
    const pc = new RTCPeerConnection({ ...config, bundlePolicy: 'max-bundle' });
    this.pc = pc;
    pc.onicecandidate = (e) => events.candidate(e.candidate);
    pc.ontrack = (e) => {
      const stream = this.remoteStream ?? new MediaStream();
      if (!stream.getTracks().includes(e.track)) stream.addTrack(e.track);
      this.remoteStream = stream;
      events.remoteStream(stream);
    };
    pc.oniceconnectionstatechange = () => events.iceState(pc.iceConnectionState);
  }

  get remote(): MediaStream | null {
    return this.remoteStream;
  }

  /** A relayed candidate: added now, or kept until the remote description is set (flushIce). */
  async addIce(m: ServerMessageOf<'rtc.ice'>): Promise<void> {
    if (!m.candidate) return;
    const init: RTCIceCandidateInit = {
      candidate: m.candidate.candidate,
      sdpMid: m.candidate.sdpMid ?? null,
      sdpMLineIndex: m.candidate.sdpMLineIndex ?? null,
    };
    if (!this.pc.remoteDescription) {
      this.pending.push(init);
      return;
    }
    // A candidate of an older negotiation (another ufrag) is refused by the browser: nothing to do about it.
    await this.pc.addIceCandidate(init).catch(() => undefined);
  }

  async flushIce(): Promise<void> {
    const queued = this.pending;
    this.pending = [];
    for (const c of queued) await this.pc.addIceCandidate(c).catch(() => undefined);
  }

  close(): void {
    for (const t of this.remoteStream?.getTracks() ?? []) t.stop();
    this.remoteStream = null;
    this.pc.ontrack = null;
    this.pc.onicecandidate = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.close();
  }
}
