import type { ServerMessage } from '@screenvisit/protocol';
import type { WebSocket } from 'ws';
import type { ConnectionOwner, ConnectionRegistry } from '../registry.js';

/**
 * The browser sockets open on this node, by connection id. Its own object, built before the WebSocket server,
 * so the call sender can reach sockets without the server existing yet (issue 9: the node is built in one
 * order, nothing is declared first and filled in later).
 * INVARIANT: an entry exists exactly while its socket is open (the server adds on connection, deletes on close).
 */
export interface SocketTable {
  add(connectionId: string, socket: WebSocket): void;
  delete(connectionId: string): void;
  /** The call router's way out to a browser; false when that connection is not open on this node. */
  sendTo(connectionId: string, message: ServerMessage): boolean;
  /** Close every live connection of `owner` on this node now (deactivation); returns how many. */
  closeConnectionsOf(owner: ConnectionOwner, code: number, reason: string): number;
}

export function createSocketTable(registry: ConnectionRegistry): SocketTable {
  const sockets = new Map<string, WebSocket>();
  return {
    add: (connectionId, socket) => void sockets.set(connectionId, socket),
    delete: (connectionId) => void sockets.delete(connectionId),
    closeConnectionsOf(owner, code, reason) {
      const ids = registry.connectionsOf(owner);
      for (const id of ids) {
        const socket = sockets.get(id);
        if (!socket) continue;
        socket.close(code, reason);
        // A client that never answers the close handshake is cut anyway (RFC 6455 §7.1.1 lets the server
        // drop the TCP connection); deactivation must not depend on the client's cooperation.
        setTimeout(() => socket.terminate(), 500).unref();
      }
      return ids.length;
    },
    sendTo(connectionId, message) {
      const socket = sockets.get(connectionId);
      if (!socket || socket.readyState !== socket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
  };
}
