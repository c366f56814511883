import { CallController, type CallControllerOptions } from './call-controller.js';
import { type CallPhase, type CallSnapshot, FRESH_MEDIA, PHASE_TRANSITIONS } from './call-phase.js';
import { loadCall, type ResumeStore, ResumeWatch, saveCall } from './call-resume.js';
import { fetchIceConfig, firstThen, type IceConfig } from './ice.js';
import type { EndReason, PartyRef, ServerMessageOf } from './messages.js';
import type { SignallingClient, Timers } from './signalling.js';

export type { CallPhase, CallSnapshot, PhaseKind } from './call-phase.js';
export { PHASE_TRANSITIONS } from './call-phase.js';

/**
 * One person's calls as one typed state (call-phase.ts). The cloud's router is the authority; this only
 * follows its messages, and keeps at most one CallController. Used by the staff console, the citizen client
 * and (via the same API) the night watch.
 */
export interface CallSessionOptions {
  readonly signalling: SignallingClient;
  /** Overrides for the controller (tests, benchmarks). */
  readonly controller?: Partial<Pick<CallControllerOptions, 'fetchIce' | 'getUserMedia' | 'timers'>>;
  readonly newRequestId?: () => string;
  /** Where a running call is kept across a page reload (call-resume.ts); none: a reload ends it. */
  readonly resumeStore?: ResumeStore;
  /**
   * Which rings this page takes up (default: all). One it cannot answer is left alone: no ring tone, no media
   * prepared, the phase unchanged; the cloud rings the page that can (the day page and a night-watch pool's call).
   */
  readonly rings?: (ring: Ring) => boolean;
}

/** A ring as a page judges it: who calls, and (to staff pages) what they dialled. */
export type Ring = Pick<ServerMessageOf<'call.incoming'>, 'from' | 'dialled'>;

const globalTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class CallSession {
  private snap: CallSnapshot;
  private controller: CallController | null = null;
  private role: 'caller' | 'callee' | null = null;
  private readonly resume: ResumeWatch;
  private cancelWhenRinging = false;
  /** ICE servers fetched while it rings, so answering does not wait for an HTTP round trip (issue 15 §3). */
  private icePrefetch: { callId: string; ice: Promise<IceConfig> } | null = null;
  private readonly listeners = new Set<(s: CallSnapshot) => void>();
  private readonly unsubscribe: (() => void)[];

  constructor(private readonly options: CallSessionOptions) {
    const s = options.signalling;
    this.snap = {
      phase: { kind: 'idle' },
      link: s.state,
      local: null,
      remote: null,
      ...FRESH_MEDIA,
      media: null,
    };
    this.resume = new ResumeWatch(options.controller?.timers ?? globalTimers, (callId) => {
      const p = this.snap.phase;
      if (p.kind === 'active' && p.callId === callId) this.finish('failed', p.name);
    });
    this.unsubscribe = [
      s.onState((link) => this.patch({ link })),
      s.on('call.ringing', (m) => this.onRinging(m)),
      s.on('call.refused', (m) => this.onRefused(m)),
      s.on('call.incoming', (m) => this.onIncoming(m)),
      s.on('call.accepted', (m) => this.onAccepted(m)),
      s.on('call.taken', (m) => this.onTaken(m)),
      s.on('call.ended', (m) => this.onEnded(m)),
      s.onWelcome(() => this.resume.welcome()),
    ];
    this.restore();
  }

  get snapshot(): CallSnapshot {
    return this.snap;
  }

  subscribe(listener: (s: CallSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls `to`; `name` is what the screen shows while it rings. False when the link is down. */
  place(to: PartyRef, name: string, slotId?: string): boolean {
    const requestId = (this.options.newRequestId ?? (() => crypto.randomUUID()))();
    if (!this.go({ kind: 'placing', requestId, name })) return false;
    this.cancelWhenRinging = false;
    const sent = this.options.signalling.send({
      type: 'call.place',
      requestId,
      to,
      ...(slotId ? { slotId } : {}),
    });
    if (!sent) this.go({ kind: 'refused', code: 'callee_offline', message: '', name });
    return sent;
  }

  /**
   * "Tag den". The controller made when it started ringing has the media path ready; it sends the accept and
   * opens the camera now (issue 15 §3). Without one (the night console accepting another listed call), a
   * new controller opens camera and connection after the accept.
   */
  accept(): void {
    const p = this.snap.phase;
    if (p.kind !== 'incoming') return;
    const send = () => this.options.signalling.send({ type: 'call.accept', callId: p.callId });
    if (this.controller?.callId === p.callId) this.controller.answer(send);
    else {
      send();
      this.startController(p.callId, 'callee');
    }
    this.go({ kind: 'active', callId: p.callId, name: p.name });
  }

  /**
   * Accepts the ringing call `callId` even when this session shows another one: the night console lists
   * several ringing calls at once while a session follows only the first. The accepter is the callee: the
   * caller offers after `call.accepted` (flows.md §2). False when a call is already running here.
   */
  acceptCall(callId: string, from: PartyRef, name: string): boolean {
    const p = this.snap.phase;
    if (!(p.kind === 'incoming' && p.callId === callId) && !this.go({ kind: 'incoming', callId, from, name }))
      return false;
    this.accept();
    return true;
  }

  decline(): void {
    const p = this.snap.phase;
    if (p.kind !== 'incoming') return;
    this.options.signalling.send({ type: 'call.decline', callId: p.callId });
    this.finish('declined', p.name);
  }

  /**
   * The page is going away (pagehide). A running call is NOT hung up: this may be a reload, and the cloud
   * keeps the call for its resume grace (call-resume.ts). The camera and peer connection stop here at once;
   * a closed tab simply never comes back and the cloud ends the call when the grace runs out.
   */
  leavePage(): void {
    const p = this.snap.phase;
    if (p.kind !== 'active') {
      this.hangUp();
      return;
    }
    this.controller?.end();
    this.controller = null;
  }

  /**
   * The name of the running call as the page shows it changed (the night console reads a resident's name
   * after the ring, which names only the place): kept with the call, so a reload shows the same name.
   */
  rename(callId: string, name: string): void {
    const p = this.snap.phase;
    if (p.kind !== 'active' || p.callId !== callId || p.name === name) return;
    this.patch({ phase: { ...p, name } });
    if (this.role) saveCall(this.options.resumeStore, { callId, role: this.role, name });
  }

  /** The red button, in any phase: ends media at once, whatever the network does. */
  hangUp(): void {
    const p = this.snap.phase;
    if (p.kind === 'placing') {
      this.cancelWhenRinging = true;
      this.finish('hung_up', p.name);
      return;
    }
    if (p.kind === 'incoming') {
      this.decline();
      return;
    }
    if (p.kind !== 'outgoing' && p.kind !== 'active') return;
    this.options.signalling.send({ type: 'call.hangup', callId: p.callId });
    this.finish('hung_up', p.name);
  }

  /** Back to the calm home screen after an ended or refused call. */
  dismiss(): void {
    if (this.snap.phase.kind === 'ended' || this.snap.phase.kind === 'refused') this.go({ kind: 'idle' });
  }

  setMuted(muted: boolean): void {
    this.controller?.setMuted(muted);
    this.patch({ muted });
  }

  setCameraOff(cameraOff: boolean): void {
    this.controller?.setCameraOff(cameraOff);
    this.patch({ cameraOff });
  }

  /** The live peer connection (diagnostics: which candidate pair carries the call). */
  get peerConnection(): RTCPeerConnection | null {
    return this.controller?.peerConnection ?? null;
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
    this.resume.dispose();
    this.controller?.end();
    this.controller = null;
    this.listeners.clear();
  }

  private patch(part: Partial<CallSnapshot>) {
    this.snap = { ...this.snap, ...part };
    for (const l of this.listeners) l(this.snap);
  }

  private go(next: CallPhase): boolean {
    const from = this.snap.phase.kind;
    if (!PHASE_TRANSITIONS[from].includes(next.kind)) {
      console.warn(`call phase ${from} -> ${next.kind} refused`);
      return false;
    }
    this.patch({ phase: next });
    if (next.kind === 'active' && this.role)
      saveCall(this.options.resumeStore, { callId: next.callId, role: this.role, name: next.name });
    else if (next.kind !== 'incoming' && next.kind !== 'outgoing' && next.kind !== 'placing')
      saveCall(this.options.resumeStore, null);
    this.options.signalling.setWatchdog(
      next.kind !== 'idle' && next.kind !== 'ended' && next.kind !== 'refused',
    );
    return true;
  }

  /** `live: false`: prepared while it rings, no track on the connection until answered (issue 15 §3). */
  private startController(callId: string, role: 'caller' | 'callee', live = true) {
    this.controller?.end();
    this.role = role;
    this.patch(FRESH_MEDIA);
    const fetchIce = this.options.controller?.fetchIce ?? fetchIceConfig;
    const prefetched = this.icePrefetch?.callId === callId ? this.icePrefetch.ice : null;
    this.icePrefetch = null;
    this.controller = new CallController({
      callId,
      role,
      signalling: this.options.signalling,
      live,
      ...this.options.controller,
      // The prefetched servers once; a failed prefetch or a later ICE restart fetches afresh.
      fetchIce: prefetched ? firstThen(prefetched, fetchIce) : fetchIce,
      events: {
        localStream: (local) => this.patch({ local }),
        remoteStream: (remote) => this.patch({ remote }),
        mediaState: (media) => this.patch({ media }),
        quality: (quality) => this.patch({ quality }),
        adaptation: (a) => {
          if (a.audioOnly !== this.snap.audioOnly || a.level !== this.snap.videoLevel)
            this.patch({ audioOnly: a.audioOnly, videoLevel: a.level });
        },
        mediaError: () => this.patch({ mediaError: true }),
      },
    });
  }

  private finish(reason: EndReason, name: string, takenBy?: string) {
    this.controller?.end();
    this.controller = null;
    const missed = reason === 'no_answer' && this.snap.phase.kind === 'incoming';
    this.go({ kind: 'ended', reason, name, ...(takenBy ? { takenBy } : {}), ...(missed ? { missed } : {}) });
    this.patch({ media: null, quality: 'unknown' });
  }

  private currentCallId(): string | undefined {
    const p = this.snap.phase;
    return p.kind === 'outgoing' || p.kind === 'incoming' || p.kind === 'active' ? p.callId : undefined;
  }

  private onRinging(m: ServerMessageOf<'call.ringing'>) {
    const p = this.snap.phase;
    if (this.cancelWhenRinging) {
      this.cancelWhenRinging = false;
      this.options.signalling.send({ type: 'call.hangup', callId: m.callId });
      return;
    }
    if (p.kind !== 'placing' || p.requestId !== m.requestId) return;
    // Camera on while it rings (the self-view shows) and the early offer made, but nothing is sent before
    // the answer: the tracks go on at `call.accepted` (issue 15 §3).
    this.startController(m.callId, 'caller', false);
    this.go({ kind: 'outgoing', callId: m.callId, name: p.name });
  }

  private onRefused(m: ServerMessageOf<'call.refused'>) {
    const p = this.snap.phase;
    if (p.kind !== 'placing' && p.kind !== 'outgoing') return;
    this.controller?.end();
    this.controller = null;
    this.go({
      kind: 'refused',
      code: m.code,
      message: m.message,
      name: p.name,
      ...(m.fallbackPhone ? { fallbackPhone: m.fallbackPhone } : {}),
      ...(m.nextAllowedAt ? { nextAllowedAt: m.nextAllowedAt } : {}),
    });
    this.patch({ media: null });
  }

  private onIncoming(m: ServerMessageOf<'call.incoming'>) {
    const kind = this.snap.phase.kind;
    // Busy here: the router decides about busy; a second ring just does not replace the call on screen.
    if (kind !== 'idle' && kind !== 'ended' && kind !== 'refused') return;
    if (this.options.rings && !this.options.rings(m)) {
      console.warn(
        `call ${m.callId}: a ring this page does not answer (${m.dialled ?? 'unsaid'}) left alone`,
      );
      return;
    }
    // A ring is not the person's activity: the prefetch must not keep an idle console from locking.
    const fetchIce =
      this.options.controller?.fetchIce ?? (() => fetchIceConfig(undefined, { passive: true }));
    const ice = fetchIce();
    ice.catch(() => undefined);
    this.icePrefetch = { callId: m.callId, ice };
    // The media path is prepared while it rings; no camera, no microphone until "Tag den" (issue 15 §3).
    this.startController(m.callId, 'callee', false);
    this.go({
      kind: 'incoming',
      callId: m.callId,
      from: m.from,
      name: m.displayName,
      ...(m.autoAnswerAfterMs !== undefined ? { autoAnswerAfterMs: m.autoAnswerAfterMs } : {}),
      ...(m.dialled ? { dialled: m.dialled } : {}),
    });
  }

  /** After a reload: the stored call is shown as running and its media prepared; the cloud must confirm it. */
  private restore() {
    const stored = loadCall(this.options.resumeStore);
    if (!stored) return;
    this.startController(stored.callId, stored.role);
    // The page's first phase, not a move from idle: set it as the starting point (PHASE_TRANSITIONS has no
    // idle -> active, and a live page must not take that step).
    this.patch({ phase: { kind: 'active', callId: stored.callId, name: stored.name } });
    this.options.signalling.setWatchdog(true);
    this.resume.restored(stored.callId);
  }

  private onAccepted(m: ServerMessageOf<'call.accepted'>) {
    if (m.callId !== this.currentCallId()) return;
    this.resume.confirmed(m.callId);
    const p = this.snap.phase;
    if (p.kind === 'outgoing') this.go({ kind: 'active', callId: p.callId, name: p.name });
    // First accept: tracks go on, and the caller offers unless the early offer was answered; a repeat after
    // a resume: an ICE restart (flows.md §3).
    this.controller?.accepted(m.negotiated === true);
  }

  private onTaken(m: ServerMessageOf<'call.taken'>) {
    const p = this.snap.phase;
    if (p.kind === 'incoming' && p.callId === m.callId)
      this.finish('taken_by_another', p.name, m.byDisplayName);
  }

  private onEnded(m: ServerMessageOf<'call.ended'>) {
    const p = this.snap.phase;
    if (m.callId !== this.currentCallId()) return;
    if (p.kind === 'outgoing' || p.kind === 'incoming' || p.kind === 'active') this.finish(m.reason, p.name);
  }
}
