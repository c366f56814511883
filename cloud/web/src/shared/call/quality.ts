/**
 * The connection-quality indicator: packet loss and round-trip time from getStats(), over the last interval
 * only (totals since the call began would hide a fresh problem). Thresholds follow ITU-T G.114 (a one-way
 * delay under 150 ms is fine for conversation) and common WebRTC practice (a few per cent loss is audible).
 */
export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

export interface StatsSample {
  readonly packetsReceived: number;
  readonly packetsLost: number;
  /** Seconds, from the selected candidate pair; undefined until measured. */
  readonly roundTripTime: number | undefined;
  /** Received bytes and the last decoded video size, for the end-of-call report (quality-report.ts). */
  readonly bytesReceived?: number;
  readonly frameWidth?: number;
  readonly frameHeight?: number;
  /** For bandwidth adaptation (bandwidth.ts): the outgoing estimate (bit/s) and our video's reported loss. */
  readonly availableOutgoingBitrate?: number;
  readonly videoLoss?: number;
  /** How many loss reports (RTCP RR) came for our video: `videoLoss` is stale when this did not move. */
  readonly videoLossReports?: number;
  /** For noticing that the other side went audio only: decoded video frames and received audio packets. */
  readonly framesDecoded?: number;
  readonly audioPacketsReceived?: number;
}

/**
 * The other side sends sound but no picture (its own adaptation stopped its video): packets of audio came
 * in this interval and not a single video frame was decoded. A total outage (nothing at all) is not this.
 */
export function remoteAudioOnly(previous: StatsSample | undefined, current: StatsSample): boolean {
  if (!previous || current.framesDecoded === undefined || previous.framesDecoded === undefined) return false;
  const audio = (current.audioPacketsReceived ?? 0) - (previous.audioPacketsReceived ?? 0);
  return audio > 0 && current.framesDecoded === previous.framesDecoded;
}

export function judgeQuality(previous: StatsSample | undefined, current: StatsSample): Quality {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = Math.max(0, current.packetsLost - (previous?.packetsLost ?? 0));
  const total = received + lost;
  if (total <= 0 && current.roundTripTime === undefined) return 'unknown';
  // Nothing arrived in a whole interval: the picture is frozen, whatever the RTT says.
  if (total <= 0) return 'poor';
  const loss = lost / total;
  const rtt = current.roundTripTime ?? 0;
  if (loss < 0.02 && rtt < 0.3) return 'good';
  if (loss < 0.08 && rtt < 0.6) return 'fair';
  return 'poor';
}

/** Sums the inbound RTP streams and reads the selected pair's RTT. */
export async function readStatsSample(pc: RTCPeerConnection): Promise<StatsSample> {
  const report = await pc.getStats();
  let packetsReceived = 0;
  let packetsLost = 0;
  let roundTripTime: number | undefined;
  let selectedPair: string | undefined;
  let bytesReceived = 0;
  let frameWidth: number | undefined;
  let frameHeight: number | undefined;
  let framesDecoded: number | undefined;
  let audioPacketsReceived = 0;
  let videoLoss: number | undefined;
  let videoLossReports = 0;
  let availableOutgoingBitrate: number | undefined;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp') {
      packetsReceived += Number(s.packetsReceived ?? 0);
      packetsLost += Number(s.packetsLost ?? 0);
      bytesReceived += Number(s.bytesReceived ?? 0);
      if (s.kind === 'audio') audioPacketsReceived += Number(s.packetsReceived ?? 0);
      if (s.kind === 'video' && typeof s.framesDecoded === 'number')
        framesDecoded = (framesDecoded ?? 0) + s.framesDecoded;
      if (s.kind === 'video' && typeof s.frameWidth === 'number') {
        frameWidth = s.frameWidth;
        frameHeight = Number(s.frameHeight ?? 0);
      }
    }
    if (s.type === 'remote-inbound-rtp' && s.kind === 'video' && typeof s.fractionLost === 'number')
      videoLoss = Math.max(videoLoss ?? 0, s.fractionLost);
    if (s.type === 'remote-inbound-rtp' && s.kind === 'video')
      videoLossReports += Number(s.reportsReceived ?? 0);
    if (s.type === 'transport' && typeof s.selectedCandidatePairId === 'string')
      selectedPair = s.selectedCandidatePairId;
  });
  report.forEach((s: Record<string, unknown>) => {
    const chosen = selectedPair ? s.id === selectedPair : s.type === 'candidate-pair' && s.nominated === true;
    if (s.type === 'candidate-pair' && chosen && typeof s.currentRoundTripTime === 'number')
      roundTripTime = s.currentRoundTripTime;
    if (s.type === 'candidate-pair' && chosen && typeof s.availableOutgoingBitrate === 'number')
      availableOutgoingBitrate = s.availableOutgoingBitrate;
  });
  return {
    packetsReceived,
    packetsLost,
    roundTripTime,
    bytesReceived,
    audioPacketsReceived,
    ...(framesDecoded !== undefined ? { framesDecoded } : {}),
    ...(videoLoss !== undefined ? { videoLoss, videoLossReports } : {}),
    ...(availableOutgoingBitrate !== undefined ? { availableOutgoingBitrate } : {}),
    ...(frameWidth !== undefined ? { frameWidth, frameHeight: frameHeight ?? 0 } : {}),
  };
}
