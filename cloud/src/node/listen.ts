import type { AddressInfo, Server } from 'node:net';
import { StartupError } from '../kernel/errors.js';

export interface PortSpec {
  /** How the operator knows this port, e.g. "MQTT port". */
  readonly what: string;
  /** The environment variable that sets it. */
  readonly variable: string;
  /** Said when the port is taken, e.g. who usually holds it. */
  readonly hint?: string;
}

/**
 * Connections the kernel may hold completed but not yet accepted, per listening socket (Linux caps it at
 * net.core.somaxconn, 4096 by default since 5.4). Node's default is 511: when a node is killed, HAProxy hands the
 * survivor the dead node's whole fleet within about a second (each kiosk's first retry is drawn from 0-1 s), and
 * a survivor whose event loop is busy with the first CONNECTs accepts in bursts. With 511 the queue overflowed and
 * the kernel dropped SYNs (TcpExt ListenOverflows): HAProxy retried those connections after its 3 s connect
 * timeout, so about a tenth of the herd came back seconds late (issue 14; docs/performance.md, "Two nodes").
 */
export const LISTEN_BACKLOG = 4_096;

/**
 * Listen, or fail with one sentence naming the variable to change. The test machines already run Mosquitto on
 * 1883 and PostgreSQL on 5432, so "port in use" is a normal first-run mistake, not a crash. Resolves with the
 * real port, so 0 works.
 */
export function listenOrExplain(server: Server, host: string, port: number, spec: PortSpec): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new StartupError(explain(error, host, port, spec), { cause: error }));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host, LISTEN_BACKLOG);
  });
}

function explain(error: NodeJS.ErrnoException, host: string, port: number, spec: PortSpec): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `${spec.what} ${port} is already in use${spec.hint ? ` (${spec.hint})` : ''}. Set ${spec.variable} to a free port.`;
    case 'EACCES':
      return `Not allowed to listen on ${spec.what} ${port}. Set ${spec.variable} to a port above 1023.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `Cannot listen on address ${host}. Set HOST to an address of this machine.`;
    default:
      return `Cannot listen on ${spec.what} ${host}:${port} (${error.code ?? error.message}). Check ${spec.variable}.`;
  }
}
