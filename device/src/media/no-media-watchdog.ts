import type { Clock, ClockTimer } from '@screenvisit/protocol';
import type { MediaCall } from '../media-engine.js';

/**
 * How long an answered call may bring in nothing (no inbound RTP bytes, no decoded frames) while its connection
 * says `connected` before the kiosk hangs up. The other side's media can stop while ICE stays up (its camera and
 * microphone pipeline died, a page frozen, a NAT that passes STUN but not media) and ICE consent (RFC 7675 §5.1,
 * 30 s) never fails on such a path, nor at all on webrtcbin 1.22: the resident sat in a silent call with her
 * buttons ignored. 20 s: longer than any pause in a live call (a muted microphone and a camera switched off
 * still send silence and black frames, cloud/web call-controller.ts setMuted/setCameraOff; a console's reload is
 * a resume, which the bridge times itself); longer than a staff console takes to send its ICE-restart offer
 * after a cut (2 s after Chromium's `disconnected`, cloud/web ice-restart.ts: ~7 s), whose rebuilt connection
 * is not `connected` and so stops the count, even on webrtcbin, which stays `connected` through a cut (the engine
 * suite's plainer peer restarts only on `failed`, ~16 s, and still recovers); and as long as the bridge lets a
 * resume or an ICE restart take (RESUME_CONNECT_MS, RESTART_WAIT_MS), so no path waits longer in silence.
 */
export const NO_MEDIA_MS = 20_000;
/** How often the counters are read: a stats query per 2 s is nothing to either engine. */
export const NO_MEDIA_CHECK_MS = 2_000;

export interface NoMediaWatch {
  stop(): void;
}

/**
 * Reads the call's inbound counters every `everyMs` and calls `lost` once when they have not moved for `afterMs`.
 * INVARIANTS:
 *  - it hangs up only on evidence: inbound media was seen at least once in this call (an engine whose stats
 *    report nothing never trips it), and the counters were read and did not grow; a failed read starts the
 *    clock again (no evidence either way);
 *  - silence counts only while the connection is `connected` and no recovery is under way (`recovering`: the
 *    bridge's resume or ICE-restart wait, which has its own deadline); otherwise the clock starts again;
 *  - only growth is media: counters that fall (webrtcbin drops a source's inbound-rtp report about 10 s after
 *    its last packet, so the sum falls to 0; a rebuilt call starts from 0) are taken as the new base, and the
 *    silence that was counted goes on counting.
 */
export function watchInboundMedia(options: {
  clock: Clock;
  afterMs: number;
  everyMs: number;
  /** The call's connection now (a rebuild replaces it), or null once the call is over. */
  call: () => Promise<MediaCall | null>;
  recovering: () => boolean;
  lost: () => void;
}): NoMediaWatch {
  const { clock } = options;
  let timer: ClockTimer | null = null;
  let stopped = false;
  let seen = false;
  let last = 0;
  let since = clock.now();

  const schedule = () => {
    if (!stopped) timer = clock.setTimeout(() => void check(), options.everyMs);
  };
  async function check() {
    timer = null;
    const call = await options.call();
    if (stopped || call === null) return;
    if (options.recovering() || call.state !== 'connected') {
      since = clock.now();
      return schedule();
    }
    const stats = await call.stats().catch(() => null);
    if (stopped) return;
    if (stats === null) {
      since = clock.now();
      return schedule();
    }
    const inbound = stats.bytesReceived + stats.framesReceived;
    const grew = inbound > last;
    last = inbound;
    if (grew) {
      seen = true;
      since = clock.now();
    } else if (seen && clock.now() - since >= options.afterMs) {
      stopped = true;
      return options.lost();
    }
    schedule();
  }
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer !== null) clock.clearTimeout(timer);
      timer = null;
    },
  };
}
