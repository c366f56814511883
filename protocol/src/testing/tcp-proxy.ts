import { createServer, type Socket, connect as tcpConnect } from 'node:net';

/**
 * A TCP proxy in front of a real server (PostgreSQL in the cloud's readiness test, the MQTT broker in the kiosk
 * agent's keepalive test), that can play an outage: `blackhole()` keeps every connection open but forwards nothing
 * more and leaves new ones unanswered (a hung server, or a network that drops packets: the worst case, nothing
 * ever fails); `restore()` drops those connections and forwards again.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let blackholed = false;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => {});
    if (blackholed) return;
    const upstream = tcpConnect(target.port, target.host);
    open.add(upstream);
    upstream.on('close', () => open.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    const forward = (from: Socket, to: Socket) =>
      from.on('data', (chunk: Buffer) => {
        if (!blackholed) to.write(chunk);
      });
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    blackhole() {
      blackholed = true;
    },
    restore() {
      blackholed = false;
      for (const socket of open) socket.destroy();
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
