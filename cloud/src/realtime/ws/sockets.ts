import type { ServerMessage } from '@screenvisit/protocol';
import type { WebSocket } from 'ws';
import { lockedView, type SendOptions } from '../locked-view.js';
import type { ConnectionOwner, ConnectionRegistry } from '../registry.js';

/**
 * The browser sockets open on this node, by connection id. Its own object, built before the WebSocket server,
 * so the call sender can reach sockets without the server existing yet (issue 9: the node is built in one
 * order, nothing is declared first and filled in later).
 * INVARIANT: an entry exists exactly while its socket is open (the server adds on connection, deletes on close).
 */
export interface SocketTable {
  /**
   * `sessionId`: the login session the socket was opened under (closeSession cuts by it). `unlocked`: re-reads
   * whether that session is open, neither idle-locked nor ended (staff sockets); without it nothing is held back.
   */
  add(connectionId: string, socket: WebSocket, sessionId?: string, unlocked?: () => Promise<boolean>): void;
  delete(connectionId: string): void;
  /**
   * The call router's way out to a browser; false when that connection is not open on this node. A message with
   * something personal in it (locked-view.ts) goes to a socket with a lock check only once the lock is read
   * again: a locked console gets the locked view (issue 10 §1).
   */
  sendTo(connectionId: string, message: ServerMessage, options?: SendOptions): boolean;
  /** Close every live connection of `owner` on this node now (deactivation); returns how many. */
  closeConnectionsOf(owner: ConnectionOwner, code: number, reason: string): number;
  /** Close every socket opened under one of these login sessions (logout); returns how many. */
  closeSessions(sessionIds: readonly string[], code: number, reason: string): number;
}

/** A socket closed because its login session ended (logout, idle or absolute timeout); the client logs in again. */
export const CLOSE_SESSION_ENDED = 4002;

export function createSocketTable(registry: ConnectionRegistry): SocketTable {
  const sockets = new Map<string, WebSocket>();
  const sessionOf = new Map<string, string>();
  const lockOf = new Map<string, () => Promise<boolean>>();
  // INVARIANT: messages to one socket leave in the order they were sent. While a lock read is pending for a
  // connection, everything after it waits in that connection's chain (a `call.ended` never overtakes the
  // `call.incoming` it ends); with nothing pending, a message goes out at once.
  const chains = new Map<string, Promise<void>>();
  const write = (connectionId: string, message: ServerMessage) => {
    const socket = sockets.get(connectionId);
    if (!socket || socket.readyState !== socket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  };
  const cut = (socket: WebSocket, code: number, reason: string) => {
    socket.close(code, reason);
    // A client that never answers the close handshake is cut anyway (RFC 6455 §7.1.1 lets the server
    // drop the TCP connection); ending access must not depend on the client's cooperation.
    setTimeout(() => socket.terminate(), 500).unref();
  };
  return {
    add(connectionId, socket, sessionId, unlocked) {
      sockets.set(connectionId, socket);
      if (sessionId) sessionOf.set(connectionId, sessionId);
      if (unlocked) lockOf.set(connectionId, unlocked);
    },
    delete(connectionId) {
      sockets.delete(connectionId);
      sessionOf.delete(connectionId);
      lockOf.delete(connectionId);
      chains.delete(connectionId);
    },
    closeConnectionsOf(owner, code, reason) {
      const ids = registry.connectionsOf(owner);
      for (const id of ids) {
        const socket = sockets.get(id);
        if (socket) cut(socket, code, reason);
      }
      return ids.length;
    },
    closeSessions(sessionIds, code, reason) {
      const ended = new Set(sessionIds);
      let closed = 0;
      for (const [connectionId, sessionId] of sessionOf) {
        const socket = sockets.get(connectionId);
        if (!socket || !ended.has(sessionId)) continue;
        cut(socket, code, reason);
        closed += 1;
      }
      return closed;
    },
    sendTo(connectionId, message, options) {
      const socket = sockets.get(connectionId);
      if (!socket || socket.readyState !== socket.OPEN) return false;
      const unlocked = lockOf.get(connectionId);
      const locked = unlocked ? lockedView(message, options) : null;
      const pending = chains.get(connectionId);
      if (!locked && !pending) return write(connectionId, message);
      const next = (pending ?? Promise.resolve()).then(async () => {
        // Fails closed: a lock that cannot be read counts as locked.
        const open = unlocked && locked ? await unlocked().catch(() => false) : true;
        write(connectionId, open || !locked ? message : locked);
      });
      chains.set(connectionId, next);
      void next.finally(() => {
        if (chains.get(connectionId) === next) chains.delete(connectionId);
      });
      return true;
    },
  };
}
