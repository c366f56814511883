import { type ClientMessage, type ServerMessage, SIGNALLING_VERSION } from '@screenvisit/protocol';

export interface SignallingSession {
  readonly connectionId: string;
  readonly resumeToken: string;
  send(message: ServerMessage): void;
}

export const HEARTBEAT_MS = 25_000;

/**
 * One switch over the client message types. Calls are routed by the call router (the calls issue); until it
 * exists, call messages get a clear refusal rather than silence.
 */
export function dispatch(session: SignallingSession, message: ClientMessage): void {
  const v = SIGNALLING_VERSION;
  switch (message.type) {
    case 'hello':
      session.send({
        v,
        type: 'welcome',
        connectionId: session.connectionId,
        resumeToken: session.resumeToken,
        heartbeatMs: HEARTBEAT_MS,
      });
      return;
    case 'ping':
      session.send({ v, type: 'pong', nonce: message.nonce });
      return;
    case 'call.place':
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
      session.send({ v, type: 'error', code: 'unknown_call', message: 'There is no such call.' });
      return;
    default: {
      const unhandled: never = message;
      throw new Error(`unhandled message ${(unhandled as { type: string }).type}`);
    }
  }
}
