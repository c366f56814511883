import type { GstElement } from './gi.js';

/**
 * webrtcbin's jitter-buffer latency (ms) during the call: how long a missing RTP packet is waited for
 * (reordering, retransmission) before the decoder goes on without it.
 */
export const CALL_LATENCY_MS = 100;
/**
 * ... and until the first remote video frame is shown. rtpjitterbuffer holds the FIRST packet of a stream for
 * its whole latency before it pushes anything (its start-up deadline; `faststart-min-packets` would skip that,
 * but rtpbin does not pass it on and the jitter buffers are made on a streaming thread where no JS may run), so
 * with 100 ms every call's first frame came 100 ms after its first packet (docs/performance.md "Kiosk",
 * 2026-12-03 evening). The call starts short (pipeline.ts sendPipeline) and JitterLatencyStep raises it to
 * CALL_LATENCY_MS once a frame is shown; rtpbin passes a new latency on to the jitter buffers it already has.
 */
export const START_LATENCY_MS = 10;

/** One call's latency step: START_LATENCY_MS until the first remote video frame is shown, then CALL_LATENCY_MS. */
export class JitterLatencyStep {
  #startingUp = true;

  /** Called on each pump tick (Node's thread) with the remote video frames shown so far; raises the latency once. */
  update(webrtc: GstElement, framesShown: () => number): void {
    if (!this.#startingUp || framesShown() === 0) return;
    this.#startingUp = false;
    webrtc.latency = CALL_LATENCY_MS;
  }
}
