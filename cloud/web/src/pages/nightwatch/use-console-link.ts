import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { browserResumeStore, forgetResume } from '../../shared/call/call-resume.js';
import { CallSession, type CallSnapshot } from '../../shared/call/call-session.js';
import { SignallingClient } from '../../shared/call/signalling.js';
import { stillLoggedIn } from '../../shared/call/use-call-session.js';
import type { CallsAction } from './call-queue.js';

/** How long "taken by …" stays in the queue after another member accepted. */
export const TAKEN_VISIBLE_MS = 15_000;

/** What the console does when its link says something; read once, when the link opens (as the console mounts). */
export interface ConsoleLinkHooks {
  readonly dispatch: (action: CallsAction) => void;
  /** The request id a call-back is placed with, so the queue reducer and the session speak of the same call. */
  readonly nextRequestId: RefObject<string | null>;
  /** The link gave up: the login session is gone. */
  readonly onSessionGone: () => void;
  /** The socket is open (again). */
  readonly onOpen: () => void;
  /** A call this console heard of ended (the missed list may have changed). */
  readonly onCallEnded: () => void;
  /** A call rang or ended here (the waiting list may have changed). */
  readonly onRingChanged: () => void;
}

export interface ConsoleLink {
  /** The session for the media of the call this console is in; null before the link opens and after it closed. */
  readonly call: RefObject<CallSession | null>;
  readonly snapshot: CallSnapshot | null;
  /** The link is open or opening (not retrying after a drop). */
  readonly online: boolean;
}

/**
 * The console's link to the cloud: the shared call client (shared/call), one link and one session for the media
 * of the call this console is in. The queue reducer reads the same messages, because a session follows only one
 * ringing call at a time. The socket declares itself the night-watch console (`?surface=nightwatch`): only such
 * sockets are rung for a resident's night-watch call and make their person count as reachable (the cloud's
 * calls/night-watch/console-sockets.ts); a day page of the same person does not.
 * A call in progress survives a reload of the page (F5, a browser update): the resume token and the call are kept
 * in this tab's sessionStorage (shared/call/call-resume.ts), and the cloud gives the call back to this person's
 * new socket within its resume grace (calls/reconnect.ts). The kiosk or phone then offers again.
 */
export function useConsoleLink(hooks: ConsoleLinkHooks): ConsoleLink {
  const call = useRef<CallSession | null>(null);
  const [snapshot, setSnapshot] = useState<CallSnapshot | null>(null);
  const [online, setOnline] = useState(true);
  useEffect(() => {
    const { dispatch } = hooks;
    const resumeStore = browserResumeStore();
    const signalling = new SignallingClient({
      surface: 'nightwatch',
      beforeReconnect: stillLoggedIn,
      ...(resumeStore ? { resumeStore } : {}),
    });
    const session = new CallSession({
      signalling,
      newRequestId: () => hooks.nextRequestId.current ?? crypto.randomUUID(),
      ...(resumeStore ? { resumeStore } : {}),
    });
    call.current = session;
    setSnapshot(session.snapshot);
    const restored = session.snapshot.phase;
    if (restored.kind === 'active')
      dispatch({ type: 'resumed', callId: restored.callId, name: restored.name });
    // The session ends a call the queue never hears ended: a resumed call the cloud did not confirm.
    let inCall: string | null = restored.kind === 'active' ? restored.callId : null;
    const offSnapshot = session.subscribe((next) => {
      setSnapshot(next);
      if (next.phase.kind === 'active') inCall = next.phase.callId;
      else if (inCall !== null && next.phase.kind === 'ended') {
        dispatch({ type: 'sessionEnded', callId: inCall, reason: next.phase.reason });
        inCall = null;
      }
    });
    const offState = signalling.onState((s) => {
      setOnline(s === 'open' || s === 'connecting');
      // The link gave up because the session is gone (the account closed, logged out elsewhere, expired): the
      // login says so, instead of "Du er på vagt" over "prøver igen af sig selv" for a console that never will.
      if (s === 'closed') hooks.onSessionGone();
      // "On duty means reachable" is read from the open sockets: the list read as the console appeared (before
      // its socket was open, e.g. right after Skift person) said this person was not connected until the next
      // poll. Read it again now that the socket is open.
      if (s === 'open') hooks.onOpen();
    });
    const types = [
      'call.incoming',
      'call.ringing',
      'call.accepted',
      'call.taken',
      'call.ended',
      'call.refused',
    ] as const;
    const offs = types.map((type) =>
      signalling.on(type, (message) => {
        dispatch({ type: 'server', message });
        if (
          message.type === 'call.taken' ||
          (message.type === 'call.ended' && message.reason === 'taken_by_another')
        )
          setTimeout(() => dispatch({ type: 'expire', callId: message.callId }), TAKEN_VISIBLE_MS);
        if (message.type === 'call.ended') hooks.onCallEnded();
        if (message.type === 'call.incoming' || message.type === 'call.ended') hooks.onRingChanged();
      }),
    );
    // A reload (F5, a browser update) while a resident's call rings must not say no to it: the socket just closes,
    // the cloud keeps this member in the ring for its reconnect grace (calls/night-watch/pool-presence.ts, 6 s)
    // and the reloaded console rings again. A call in progress is not hung up either: camera and connection
    // stop, the call waits in the cloud for the reloaded page (leavePage). A closed tab never comes back, and
    // the cloud ends the call when its grace runs out. A call-back still being placed ends here, as before.
    const leave = () => {
      if (session.snapshot.phase.kind !== 'incoming') session.leavePage();
    };
    window.addEventListener('pagehide', leave);
    return () => {
      window.removeEventListener('pagehide', leave);
      for (const off of [offSnapshot, offState, ...offs]) off();
      call.current = null;
      // Unmounting (logout, console switch) ends any call: no camera stays on behind a login screen, and
      // nothing of this person's call is left for the next page in this tab to resume.
      session.hangUp();
      session.dispose();
      signalling.close();
      forgetResume(resumeStore);
    };
  }, []);
  return { call, snapshot, online };
}
