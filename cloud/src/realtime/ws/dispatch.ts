import { type ClientMessage, type ServerMessage, SIGNALLING_VERSION } from '@screenvisit/protocol';
import type { CallRouter } from '../../calls/router.js';
import type { ConnectionOwner } from '../registry.js';

export interface SignallingSession {
  readonly connectionId: string;
  readonly resumeToken: string;
  /** Who the session's cookie belongs to (ws-authenticator); the call router's party. */
  readonly owner: ConnectionOwner;
  /**
   * Whether the session behind the socket is live and unlocked NOW (re-read per decision): an idle-locked
   * night-watch console keeps its socket to ring (issue 10 §1), but answering or placing a call needs the
   * unlock step first (docs/security.md "Idle lock on duty"). Absent: nothing to re-check (tests, kiosks).
   */
  readonly unlocked?: () => Promise<boolean>;
  send(message: ServerMessage): void;
}

export const HEARTBEAT_MS = 25_000;

/**
 * One switch over the client message types (style.md item 10). Call messages go to the call router, which
 * both transports share; without one (unit tests of the socket layer), they get a clear refusal.
 */
export function dispatch(session: SignallingSession, message: ClientMessage, calls?: CallRouter): void {
  const v = SIGNALLING_VERSION;
  const { owner } = session;
  // Browsers act for themselves; kiosks signal over MQTT, never here.
  const endpoint =
    owner.kind === 'device'
      ? null
      : {
          id: session.connectionId,
          owner,
          party: { kind: owner.kind, id: owner.id },
          resumeToken: session.resumeToken,
        };
  switch (message.type) {
    case 'hello':
      session.send({
        v,
        type: 'welcome',
        connectionId: session.connectionId,
        resumeToken: session.resumeToken,
        heartbeatMs: HEARTBEAT_MS,
      });
      if (calls && endpoint) calls.hello(endpoint, message.resumeToken);
      return;
    case 'ping':
      session.send({ v, type: 'pong', nonce: message.nonce });
      return;
    case 'call.place':
      if (calls && endpoint)
        return void whenUnlocked(session, message, () => calls.handle(endpoint, message));
      session.send({
        v,
        type: 'call.refused',
        requestId: message.requestId,
        code: 'not_permitted',
        message: 'Calls are not available on this server yet.',
      });
      return;
    case 'call.accept':
    case 'call.decline':
      if (calls && endpoint)
        return void whenUnlocked(session, message, () => calls.handle(endpoint, message));
      session.send({ v, type: 'error', code: 'unknown_call', message: 'There is no such call.' });
      return;
    case 'call.hangup':
    case 'rtc.offer':
    case 'rtc.answer':
    case 'rtc.ice':
      if (calls && endpoint) return void calls.handle(endpoint, message);
      session.send({ v, type: 'error', code: 'unknown_call', message: 'There is no such call.' });
      return;
    default: {
      const unhandled: never = message;
      throw new Error(`unhandled message ${(unhandled as { type: string }).type}`);
    }
  }
}

export const LOCKED_MESSAGE = 'The screen is locked. Unlock it with your code first.';

/**
 * Runs a call decision only while the socket's session is unlocked. Hang-up and rtc.* are not gated: a call
 * already answered keeps its media and can always be ended. A refused `call.place` gets its `call.refused`; a
 * refused accept or decline an `error` with code `locked`, and the call keeps ringing the other consoles.
 */
function whenUnlocked(
  session: SignallingSession,
  message: Extract<ClientMessage, { type: 'call.place' | 'call.accept' | 'call.decline' }>,
  run: () => unknown,
): Promise<void> {
  const v = SIGNALLING_VERSION;
  const refuse = (code: 'locked' | 'internal', text: string) =>
    message.type === 'call.place'
      ? session.send({
          v,
          type: 'call.refused',
          requestId: message.requestId,
          code: 'not_permitted',
          message: text,
        })
      : session.send({ v, type: 'error', code, message: text });
  if (!session.unlocked) return Promise.resolve(void run());
  return session.unlocked().then(
    (ok) => void (ok ? run() : refuse('locked', LOCKED_MESSAGE)),
    () => refuse('internal', 'Something went wrong.'),
  );
}
