import { execFileSync } from 'node:child_process';
import type { MqttClient } from 'mqtt';
import WebSocket from 'ws';

/** What the soak watches in the cloud process besides /proc: its heap and handles, its sockets, dropped kiosks. */

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket (node --inspect). */
export async function inspector(port: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const ws = new WebSocket(target!.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: Record<string, unknown>) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
    if (m.id !== undefined) pending.get(m.id)?.(m.result ?? {});
    if (m.id !== undefined) pending.delete(m.id);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return {
    async sample() {
      await call('HeapProfiler.collectGarbage');
      const heap = (await call('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
      const evaluated = (await call('Runtime.evaluate', {
        expression: 'JSON.stringify(process.getActiveResourcesInfo())',
        returnByValue: true,
      })) as { result: { value: string } };
      const resources = JSON.parse(evaluated.result.value) as string[];
      const byType: Record<string, number> = {};
      for (const r of resources) byType[r] = (byType[r] ?? 0) + 1;
      return { heapUsedKb: heap.usedSize / 1024, resources: resources.length, byType };
    },
    close: () => ws.close(),
  };
}

/**
 * The cloud's established TCP sockets by what they are, from `ss` (iproute2; sock_diag filters in the kernel):
 * kiosks (local port = the cloud's MQTT port) and its PostgreSQL connections (remote port 5432, this pid). libuv's
 * TCPSocketWrap count lumps them together, and postgres.js closes each pooled connection after its max_lifetime
 * (30–60 min at random) and opens a new one only when a query needs it, so that count can fall with every kiosk
 * still connected. (/proc/<pid>/net/tcp is no substitute: it is read a chunk at a time and lines shift between
 * reads on a busy machine, so sockets come twice or not at all.)
 */
export function establishedSockets(pid: number, mqttPort: number) {
  const ss = (options: string, filter: string) =>
    execFileSync('ss', [options, 'state', 'established', filter], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  return {
    kiosks: ss('-Htn', `( sport = :${mqttPort} )`).length,
    database: ss('-Htnp', '( dport = :5432 )').filter((line) => line.includes(`pid=${pid},`)).length,
  };
}

/**
 * Reports a kiosk socket the bench did not close, and why: the last error MQTT.js reported (e.g. 'Keepalive
 * timeout', ECONNRESET) or none (the broker closed it: a keepalive expiry on its side, a takeover, a cut), with
 * how long before the close the kiosk last sent and received a packet. The listeners also keep an 'error' from
 * ending the bench process (an EventEmitter 'error' with no listener throws).
 */
export function dropWatch(log: (what: string) => void) {
  const ours = new WeakSet<MqttClient>();
  const drops: string[] = [];
  const watch = (deviceId: string, client: MqttClient) => {
    let error: string | null = null;
    let sent = { at: performance.now(), cmd: 'connect' };
    let received = { at: performance.now(), cmd: 'connack' };
    client.on('packetsend', (p) => {
      sent = { at: performance.now(), cmd: p.cmd };
    });
    client.on('packetreceive', (p) => {
      received = { at: performance.now(), cmd: p.cmd };
    });
    client.on('error', (e) => {
      error = e.message;
    });
    client.once('close', () => {
      if (ours.has(client)) return;
      const ago = (at: number) => `${((performance.now() - at) / 1000).toFixed(1)} s ago`;
      const why =
        `${error ?? 'no error on the kiosk side: the broker or the network closed it'}; last sent ${sent.cmd} ` +
        `${ago(sent.at)}, last received ${received.cmd} ${ago(received.at)}`;
      drops.push(why);
      log(`kiosk ${deviceId} dropped: ${why}`);
    });
  };
  return {
    drops,
    watch,
    /** The bench itself is about to close `client`: not a drop. */
    closing: (client: MqttClient) => ours.add(client),
  };
}
