/**
 * TEST ONLY: WebRTC peers (@roamhq/wrtc, or anything with the standard RTCPeerConnection) for relay checks.
 * Data channels only: no RTCVideoSource, so the process exits cleanly (shared/notes/dependencies.md).
 */
export type PeerConnectionCtor = typeof RTCPeerConnection;

export interface SelectedPair {
  readonly local: string;
  readonly remote: string;
}

/**
 * The candidate types of the pair ICE selected: transport.selectedCandidatePairId (W3C webrtc-stats §7.9), with
 * the nominated succeeded pair as a fallback for stacks that omit the transport entry.
 */
export async function selectedPair(pc: RTCPeerConnection): Promise<SelectedPair> {
  const stats = new Map<string, Record<string, unknown>>();
  (await pc.getStats()).forEach((value: Record<string, unknown>, key: string) => {
    stats.set(key, value);
  });
  const all = [...stats.values()];
  const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
  const pair = transport
    ? stats.get(transport.selectedCandidatePairId as string)
    : all.find((s) => s.type === 'candidate-pair' && s.nominated === true && s.state === 'succeeded');
  if (!pair) throw new Error('no selected candidate pair in getStats()');
  const typeOf = (id: unknown) => String(stats.get(id as string)?.candidateType);
  return { local: typeOf(pair.localCandidateId), remote: typeOf(pair.remoteCandidateId) };
}

function until<T>(what: string, ms: number, start: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    start((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** Two peers in this process, trickling candidates to each other; A sends one message over a data channel. */
export async function relayCall(
  Pc: PeerConnectionCtor,
  configA: RTCConfiguration,
  configB: RTCConfiguration,
  timeoutMs = 10_000,
) {
  const a = new Pc(configA);
  const b = new Pc(configB);
  try {
    a.onicecandidate = (e) => {
      if (e.candidate) void b.addIceCandidate(e.candidate);
    };
    b.onicecandidate = (e) => {
      if (e.candidate) void a.addIceCandidate(e.candidate);
    };
    const channel = a.createDataChannel('probe');
    const received = until<string>('a message over the data channel', timeoutMs, (resolve) => {
      b.ondatachannel = (e) => {
        e.channel.onmessage = (m) => resolve(String(m.data));
      };
    });
    channel.onopen = () => channel.send('hello through the relay');
    const offer = await a.createOffer();
    await a.setLocalDescription(offer);
    await b.setRemoteDescription(offer);
    const answer = await b.createAnswer();
    await b.setLocalDescription(answer);
    await a.setRemoteDescription(answer);
    const message = await received;
    return { message, a: await selectedPair(a), b: await selectedPair(b) };
  } finally {
    a.close();
    b.close();
  }
}

/** Gathers one peer's candidates (until gathering completes or the timeout) and the candidate errors it saw. */
export async function gather(Pc: PeerConnectionCtor, config: RTCConfiguration, timeoutMs = 5_000) {
  const pc = new Pc(config);
  const candidates: string[] = [];
  const errors: { errorCode: number; url: string }[] = [];
  try {
    pc.onicecandidate = (e) => {
      if (e.candidate) candidates.push(e.candidate.candidate);
    };
    pc.onicecandidateerror = (e) => {
      const error = e as RTCPeerConnectionIceErrorEvent;
      errors.push({ errorCode: error.errorCode, url: error.url });
    };
    pc.createDataChannel('probe');
    await pc.setLocalDescription(await pc.createOffer());
    await until<void>('ICE gathering', timeoutMs, (resolve) => {
      if (pc.iceGatheringState === 'complete') resolve();
      pc.onicegatheringstatechange = () => {
        if (pc.iceGatheringState === 'complete') resolve();
      };
    }).catch(() => {
      // Stacks differ on whether a failed allocation ever completes gathering: what matters is what was seen.
    });
    const relay = candidates.filter((c) => / typ relay /.test(c));
    return { candidates, relay, errors, connectionState: pc.connectionState };
  } finally {
    pc.close();
  }
}
