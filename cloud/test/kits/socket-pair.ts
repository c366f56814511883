import { once } from 'node:events';
import { connect, createServer, type Socket } from 'node:net';

/**
 * Two connected loopback sockets, for deadline tests that need an answer already in a socket while this process
 * stalls (a write on `far` reaches the kernel at once; `near` reads it only when the event loop polls again).
 */
export async function socketPair(): Promise<{ near: Socket; far: Socket; close(): void }> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('socket pair: no port');
  const accepted = once(server, 'connection') as Promise<[Socket]>;
  const near = connect(address.port, '127.0.0.1');
  const [far] = await accepted;
  return {
    near,
    far,
    close() {
      near.destroy();
      far.destroy();
      server.close();
    },
  };
}

/** Blocks this thread (timers, sockets, everything) for `ms`, as a node busy with a returning fleet does. */
export function stallEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
