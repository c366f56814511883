import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  ClientMessage,
  type Clock,
  type ClockTimer,
  declaredSurface,
  decode,
  MAX_FRAME_BYTES,
  type ServerMessage,
  SIGNALLING_VERSION,
} from '@screenvisit/protocol';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { type WebSocket, WebSocketServer } from 'ws';
import type { CallRouter } from '../../calls/router.js';
import type { Endpoint } from '../../calls/types.js';
import type { Logger } from '../../kernel/logger.js';
import { dispatchSignal, type SignalSession } from '../dispatch/index.js';
import type { SendOptions } from '../locked-view.js';
import type { ConnectionOwner, ConnectionRegistry } from '../registry.js';
import { CLOSE_SESSION_ENDED, createSocketTable, type SocketTable } from './sockets.js';

/**
 * A socket's login session, read again: `open`, `locked` (an idle on-duty night-watch console: it keeps its
 * socket so it still rings, issue 10 §1) or `ended` (logged out, timed out, disabled: the socket is closed).
 */
export type SessionStatus = 'open' | 'locked' | 'ended';

/** The outcome of checking an upgrade request; refusals are answered with a plain HTTP status. */
export type UpgradeAdmission =
  | {
      readonly ok: true;
      readonly owner: ConnectionOwner;
      /** Re-reads the session: still live and not idle-locked (see SignalSession.unlocked). */
      readonly unlocked?: () => Promise<boolean>;
      /** The login session the socket belongs to; its sockets close when it ends. */
      readonly session?: { readonly id: string; readonly status: () => Promise<SessionStatus> };
    }
  | { readonly ok: false; readonly status: 401 | 403 | 503; readonly reason: string };

export interface SignallingOptions {
  readonly log: Logger;
  readonly registry: ConnectionRegistry;
  /**
   * Decides who an upgrade belongs to before the handshake completes (session cookie, Origin). Required:
   * there are no anonymous signalling connections.
   */
  readonly authenticate: (request: IncomingMessage) => Promise<UpgradeAdmission>;
  /** Frames per second one connection may send (ASVS 5.0 17.3.1: limit signalling floods per connection). */
  readonly framesPerSecond?: number;
  /** Malformed frames tolerated before the connection is closed. */
  readonly maxInvalidFrames?: number;
  /** The call router (cloud/src/calls); without it call messages are refused. */
  readonly calls?: CallRouter;
  /** The node's socket table, when something else (the call sender) must reach sockets too. */
  readonly sockets?: SocketTable;
  /** Every this often, each socket's login session is read again and the ended ones are closed. */
  readonly sessionCheck?: { readonly clock: Clock; readonly everyMs: number };
}

/** How often the server pings each socket; told to the client in `welcome`. */
export const HEARTBEAT_MS = 25_000;

/** RFC 6455 §7.4.1: 1008 policy violation, 1009 message too big, 1001 going away. */
const CLOSE_POLICY = 1008;
const CLOSE_GOING_AWAY = 1001;
/** RFC 6455 §7.4.1 registry: 1012 service restart, the client reconnects (to another node behind HAProxy). */
export const CLOSE_SERVICE_RESTART = 1012;

export interface SignallingServer {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  connectionCount(): number;
  /** Close every live connection of `owner` on this node now (deactivation); returns how many. */
  closeConnectionsOf(owner: ConnectionOwner, code: number, reason: string): number;
  /** Close every socket of these login sessions now (logout); returns how many. */
  closeSessions(sessionIds: readonly string[], code: number, reason: string): number;
  /** Close every socket on this node (the node was fenced: its clients reconnect to another); returns how many. */
  closeAll(code: number, reason: string): number;
  /** The call router's way out to a browser; false when that connection is not open on this node. */
  sendTo(connectionId: string, message: ServerMessage, options?: SendOptions): boolean;
  close(): Promise<void>;
}

export function createSignallingServer(options: SignallingOptions): SignallingServer {
  const { log, registry } = options;
  const maxInvalid = options.maxInvalidFrames ?? 20;
  const limiter = new RateLimiterMemory({ points: options.framesPerSecond ?? 50, duration: 1 });
  // ws enforces the frame limit itself and closes with 1009 [RFC 6455 §7.4.1].
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const alive = new WeakSet<WebSocket>();
  const sockets = options.sockets ?? createSocketTable(registry);

  const heartbeat = setInterval(() => {
    for (const socket of wss.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  // Sockets whose login session is read again on the session check (realtime/ws: issue 14 item 5).
  const sessionChecks = new Map<
    string,
    { readonly id: string; readonly status: () => Promise<SessionStatus> }
  >();
  let checkTimer: ClockTimer | undefined;
  let closing = false;
  const checkSessions = async (check: NonNullable<SignallingOptions['sessionCheck']>) => {
    const ended = new Set<string>();
    await Promise.all(
      [...sessionChecks.values()].map((session) =>
        session.status().then(
          (status) => void (status === 'ended' && ended.add(session.id)),
          (error: unknown) => log.warn({ err: error }, 'signalling session check failed'),
        ),
      ),
    );
    const closed =
      ended.size > 0 ? sockets.closeSessions([...ended], CLOSE_SESSION_ENDED, 'session ended') : 0;
    log.debug({ sockets: sessionChecks.size, closed }, 'signalling sessions checked');
    scheduleCheck(check);
  };
  const scheduleCheck = (check: NonNullable<SignallingOptions['sessionCheck']>) => {
    if (closing) return;
    checkTimer = check.clock.setTimeout(() => void checkSessions(check), check.everyMs);
  };
  if (options.sessionCheck) scheduleCheck(options.sessionCheck);

  wss.on(
    'connection',
    (socket: WebSocket, request: IncomingMessage, admission: UpgradeAdmission & { ok: true }) => {
      const { owner, unlocked, session: login } = admission;
      // What the page says it is (protocol SignallingSurface: `?surface=nightwatch` from the night-watch console),
      // kept for counting alone: a pool's calls ring, and an on-duty member counts as reachable, only through
      // console sockets (calls/night-watch/pool-presence.ts). Staff only: nobody else answers a pool's call.
      const surface = owner.kind === 'staff' ? (declaredSurface(request.url) ?? undefined) : undefined;
      const connectionId = randomUUID();
      const resumeToken = randomBytes(24).toString('base64url');
      let invalid = 0;
      alive.add(socket);
      // Names reach a staff socket only while its session is open: not locked (issue 10 §1), not ended.
      const open = unlocked && login ? async () => (await login.status()) === 'open' : undefined;
      sockets.add(connectionId, socket, login?.id, open);
      if (login) sessionChecks.set(connectionId, login);
      registry.add(connectionId, owner, surface);
      const send = (message: ServerMessage) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      const reject = (code: string, reason: string) => {
        invalid += 1;
        log.warn({ connectionId, code, reason, invalid }, 'signalling frame rejected');
        send({ v: SIGNALLING_VERSION, type: 'error', code, message: reason });
        if (invalid >= maxInvalid) socket.close(CLOSE_POLICY, 'too many invalid messages');
      };
      // Browsers act for themselves; kiosks signal over MQTT (calls/kiosk.ts), never here.
      const endpoint: Endpoint | null =
        owner.kind === 'device'
          ? null
          : { id: connectionId, owner, party: { kind: owner.kind, id: owner.id }, resumeToken };
      const session: SignalSession = {
        id: connectionId,
        welcome: { connectionId, resumeToken, heartbeatMs: HEARTBEAT_MS },
        endpoint: async () => endpoint,
        noPartyText: 'Calls are not available on this server yet.',
        ...(unlocked ? { unlocked } : {}),
        send,
      };
      socket.on('pong', () => alive.add(socket));
      socket.on('message', (data, isBinary) => {
        limiter.consume(connectionId).then(
          () => {
            if (isBinary) return reject('invalid_message', 'binary frames are not accepted');
            const decoded = decode(ClientMessage, data as Buffer);
            if (!decoded.ok) return reject('invalid_message', decoded.reason);
            dispatchSignal({ session, calls: options.calls }, decoded.value).catch((error: unknown) => {
              log.error({ err: error, connectionId }, 'signalling handler failed');
              send({
                v: SIGNALLING_VERSION,
                type: 'error',
                code: 'internal',
                message: 'Something went wrong.',
              });
            });
          },
          () => {
            log.warn({ connectionId }, 'signalling flood: closing connection');
            socket.close(CLOSE_POLICY, 'rate limit exceeded');
          },
        );
      });
      socket.on('error', (error) => log.debug({ err: error, connectionId }, 'signalling socket error'));
      socket.on('close', () => {
        sockets.delete(connectionId);
        sessionChecks.delete(connectionId);
        registry.remove(connectionId);
        options.calls?.endpointClosed(connectionId);
      });
    },
  );

  return {
    handleUpgrade(request, socket, head) {
      socket.on('error', (error) => log.debug({ err: error }, 'upgrade socket error'));
      options.authenticate(request).then(
        (admission) => {
          if (!admission.ok) {
            log.info({ status: admission.status, reason: admission.reason }, 'signalling upgrade refused');
            return refuseUpgrade(socket, admission.status);
          }
          wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request, admission));
        },
        (error: unknown) => {
          log.error({ err: error }, 'signalling upgrade check failed');
          refuseUpgrade(socket, 503);
        },
      );
    },
    connectionCount: () => wss.clients.size,
    closeConnectionsOf: (owner, code, reason) => sockets.closeConnectionsOf(owner, code, reason),
    sendTo: (connectionId, message, options) => sockets.sendTo(connectionId, message, options),
    closeSessions: (sessionIds, code, reason) => sockets.closeSessions(sessionIds, code, reason),
    closeAll(code, reason) {
      const open = [...wss.clients];
      for (const socket of open) socket.close(code, reason);
      // A client that never finishes the close handshake is cut anyway: it must not stay on a fenced node.
      setTimeout(() => {
        for (const socket of open) socket.terminate();
      }, 1_000).unref();
      return open.length;
    },
    async close() {
      clearInterval(heartbeat);
      closing = true;
      if (checkTimer !== undefined) options.sessionCheck?.clock.clearTimeout(checkTimer);
      for (const socket of wss.clients) socket.close(CLOSE_GOING_AWAY, 'server shutting down');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          for (const socket of wss.clients) socket.terminate();
          resolve();
        }, 1_000);
        wss.close(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  503: 'Service Unavailable',
};

function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}

/** Route HTTP upgrades: /ws goes to signalling, anything else is refused (404) instead of hanging. */
export function attachUpgrades(server: Server, signalling: SignallingServer): void {
  server.on('upgrade', (request, socket, head) => {
    let path: string;
    try {
      path = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      // A target Node's parser lets through and the URL parser refuses ("http://["): thrown here, in an event
      // handler, it took the whole process down (no-500.int).
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    if (path === '/ws') return signalling.handleUpgrade(request, socket, head);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
}
