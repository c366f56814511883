import { type ClientMessage, type ServerMessage, SIGNALLING_VERSION } from '@screenvisit/protocol';
import type { CallRouter } from '../../calls/router.js';
import type { Endpoint } from '../../calls/types.js';
import type { Logger } from '../../kernel/logger.js';

/**
 * One signalling session as the dispatcher sees it, whatever carries it: a browser's WebSocket
 * (realtime/ws/server.ts) or a kiosk's MQTT `sig/up` (calls/kiosk.ts).
 */
export interface SignalSession {
  /** The endpoint id replies go to: a socket's connection id, or `device:<id>` for a kiosk. */
  readonly id: string;
  /**
   * WebSocket only: what `hello` answers with in `welcome`. A kiosk has no welcome: its MQTT CONNECT is the
   * session handshake [MQTT-3.1.4], and resume tokens belong to sockets (a kiosk's endpoint id is stable).
   */
  readonly welcome?: {
    readonly connectionId: string;
    readonly resumeToken: string;
    readonly heartbeatMs: number;
  };
  /**
   * Whom this session acts for in a call, asked per message (a kiosk's citizen is re-read, so reassigning or
   * revoking a kiosk takes effect on its next message). Null: no call party (a kiosk with no citizen, or a
   * node without a call router).
   */
  endpoint(): Promise<Endpoint | null>;
  /** What a `call.place` is told when there is no call party. */
  readonly noPartyText: string;
  /**
   * Whether the session behind the socket is live and unlocked NOW (re-read per decision): an idle-locked
   * night-watch console keeps its socket to ring (issue 10 §1), but answering or placing a call needs the
   * unlock step first (docs/security.md "Idle lock on duty"). Browser sockets only; a kiosk has no lock.
   */
  readonly unlocked?: () => Promise<boolean>;
  send(message: ServerMessage): void;
}

/** What every handler gets: the session, the call router (absent: call messages are refused) and a logger. */
export interface SignalContext {
  readonly session: SignalSession;
  readonly calls?: Pick<CallRouter, 'handle' | 'hello'>;
  /** Told when a session with no call party signals (absent: silent). */
  readonly log?: Logger;
}

/** One handler per wire message (style.md item 10; aedes `lib/handlers/`). */
export type SignalHandler<T extends ClientMessage['type']> = (
  ctx: SignalContext,
  message: Extract<ClientMessage, { type: T }>,
) => Promise<void>;

/** The call party behind the session, or null (logged) when there is none to act for. */
export async function partyOf(ctx: SignalContext, type: ClientMessage['type']): Promise<Endpoint | null> {
  if (!ctx.calls) return null;
  const endpoint = await ctx.session.endpoint();
  if (!endpoint)
    ctx.log?.warn({ endpoint: ctx.session.id, type }, 'signalling from a session with no call party');
  return endpoint;
}

/** The answer to a call message from a session with no call party: there is no call it could be part of. */
export function refuseUnknownCall(session: SignalSession): void {
  session.send({
    v: SIGNALLING_VERSION,
    type: 'error',
    code: 'unknown_call',
    message: 'There is no such call.',
  });
}
