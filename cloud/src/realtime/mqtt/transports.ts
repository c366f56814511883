import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createTcpServer, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';
import type { Logger } from '../../kernel/logger.js';
import { listenOrExplain } from '../../node/listen.js';
import { MAX_PACKET_BYTES } from './frame-meter.js';
import type { BrokerPorts, ListenOptions } from './types.js';
import { wholePacketWrites } from './whole-packets.js';

export const WS_PATH = '/mqtt';
/** RFC 6455 §7.4.1: 1002 protocol error. */
const CLOSE_PROTOCOL_ERROR = 1002;

export interface Transports {
  listen(options: ListenOptions): Promise<BrokerPorts>;
  listening(): boolean;
  /** Stop accepting, then end every connection still open (authenticated or not). */
  close(): Promise<void>;
}

/**
 * MQTT over TCP and MQTT over WebSocket (MQTT 3.1.1 §6), both handing a byte stream to `accept`. Every
 * connection is tracked from its first byte, because aedes only knows the ones that got past CONNECT.
 */
export function createTransports(options: {
  readonly log: Logger;
  accept(conn: Duplex, req?: IncomingMessage): void;
}): Transports {
  const { log, accept } = options;
  const open = new Set<Duplex>();
  // One listener shared by every connection rather than a closure (and a once-wrapper) per connection: a
  // stream emits 'close' once (issue 14: memory per idle kiosk).
  function untrack(this: Duplex): void {
    open.delete(this);
  }
  const track = (conn: Duplex) => {
    open.add(conn);
    conn.on('close', untrack);
  };

  const tcp = createTcpServer((socket) => {
    track(socket);
    accept(socket);
  });

  const http = createHttpServer((_req, res) => {
    res.writeHead(426, { connection: 'close', upgrade: 'websocket' }).end();
  });
  // ws closes a connection whose single WebSocket message exceeds this with 1009; an MQTT packet split over
  // several messages is still bounded by the frame meter.
  const wss = new WebSocketServer({ server: http, path: WS_PATH, maxPayload: MAX_PACKET_BYTES });
  // ws re-emits the http server's errors; listen() reports them, this keeps them from being thrown.
  wss.on('error', () => {});
  wss.on('connection', (ws, req) => {
    // [MQTT-6.0.0-3], [MQTT-6.0.0-4]: the client offers the "mqtt" subprotocol and the server selects it.
    if (ws.protocol !== 'mqtt') {
      ws.close(CLOSE_PROTOCOL_ERROR, 'subprotocol "mqtt" required');
      return;
    }
    const stream = createWebSocketStream(ws);
    // One WebSocket message per MQTT packet instead of one per piece mqtt-packet writes (whole-packets.ts).
    wholePacketWrites(stream);
    stream.on('error', () => {}); // aedes attaches its own handler; this covers the gap before it does.
    track(stream);
    accept(stream, req);
  });

  let state: 'idle' | 'listening' | 'closed' = 'idle';

  return {
    async listen({ host, tcpPort, wsPort }) {
      if (state !== 'idle') throw new Error(`MQTT transports are ${state}; listen() runs once.`);
      const realTcp = await listenOrExplain(tcp, host, tcpPort, {
        what: 'MQTT port',
        variable: 'MQTT_PORT',
        hint: 'the test machines run Mosquitto on 1883',
      });
      try {
        const realWs = await listenOrExplain(http, host, wsPort, {
          what: 'MQTT WebSocket port',
          variable: 'MQTT_WS_PORT',
        });
        state = 'listening';
        log.info({ host, tcpPort: realTcp, wsPort: realWs, wsPath: WS_PATH }, 'MQTT broker listening');
        return { tcpPort: realTcp, wsPort: realWs };
      } catch (error) {
        await closeServer(tcp);
        throw error;
      }
    },

    listening: () => state === 'listening',

    async close() {
      if (state === 'closed') return;
      const wasListening = state === 'listening';
      state = 'closed';
      const closing = wasListening ? [closeServer(tcp), closeServer(http)] : [];
      wss.close();
      for (const conn of open) conn.destroy();
      for (const ws of wss.clients) ws.terminate();
      http.closeAllConnections();
      await Promise.all(closing);
    },
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
