import { type ClientMessage, type ServerMessage, SIGNALLING_VERSION } from '@screenvisit/protocol';
import type { CallRouter } from '../../calls/router.js';
import type { ConnectionOwner } from '../registry.js';

export interface SignallingSession {
  readonly connectionId: string;
  readonly resumeToken: string;
  /** Who the session's cookie belongs to (ws-authenticator); the call router's party. */
  readonly owner: ConnectionOwner;
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
      if (calls && endpoint) return void calls.handle(endpoint, message);
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
