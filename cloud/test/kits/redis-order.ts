import { connect, type Socket } from 'node:net';
import { TEST_REDIS_URL } from '../redis.js';

interface SnapshotEndpoint {
  readonly id: string;
  readonly party: { readonly id: string };
}

/**
 * For tests only: the commands Redis ran under one key prefix, in the order it ran them, read with MONITOR.
 * Redis runs one connection's commands in order and a node's bus shares its stores' connection
 * (realtime/cluster/index.ts), so this is the order the node wrote in: what the issue 14 §4 ordering tests
 * (a snapshot naming whom a call rings is written before the ring) compare.
 * Its own socket, not ioredis's monitor(): ioredis enters monitoring mode a microtask after MONITOR's +OK, so
 * the lines that arrive in the same chunk as the +OK (a busy shared Redis) are taken for replies to a command
 * never sent and fail the test with "Command queue state error".
 */
export async function watchRedisOrder(prefix: string) {
  const commands: string[][] = [];
  const monitor = await openMonitor((args) => {
    if (args.some((a) => a.startsWith(prefix))) commands.push(args);
  });
  const snapshotWrites = (node: string, callId: string) =>
    commands
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => c[0] === 'hset' && c[1] === `${prefix}callsnap:${node}` && c[2] === callId);
  return {
    commands,
    /** Where `node` first wrote a snapshot of `callId` whose ringing holds an endpoint `which` picks; -1: never. */
    snapshotRinging(node: string, callId: string, which: (e: SnapshotEndpoint) => boolean): number {
      for (const { c, i } of snapshotWrites(node, callId)) {
        const snapshot = JSON.parse(c[3]!) as { ringing: SnapshotEndpoint[] };
        if (snapshot.ringing.some(which)) return i;
      }
      return -1;
    },
    /**
     * Where `node` first wrote a snapshot of `callId` whose ringing no longer holds an endpoint `which` picks, after
     * one that did; -1: never.
     */
    snapshotStoppedRinging(node: string, callId: string, which: (e: SnapshotEndpoint) => boolean): number {
      let rang = false;
      for (const { c, i } of snapshotWrites(node, callId)) {
        const rings = (JSON.parse(c[3]!) as { ringing: SnapshotEndpoint[] }).ringing.some(which);
        if (rings) rang = true;
        else if (rang) return i;
      }
      return -1;
    },
    /** Where `node`'s snapshot of `callId` was first written with `endpointId` among its released; -1: never. */
    snapshotReleased(node: string, callId: string, endpointId: string): number {
      for (const { c, i } of snapshotWrites(node, callId)) {
        const snapshot = JSON.parse(c[3]!) as { released?: string[] };
        if (snapshot.released?.includes(endpointId)) return i;
      }
      return -1;
    },
    /** Where a `type` frame about `callId` was first published to `node`'s bus channel (a message sent there); -1: never. */
    frameTo(node: string, type: string, callId: string): number {
      return commands.findIndex(
        (c) =>
          c[0] === 'publish' &&
          c[1] === `${prefix}bus:node:${node}` &&
          c[2]!.includes(`"${type}"`) &&
          c[2]!.includes(callId),
      );
    },
    close() {
      monitor.destroy();
    },
  };
}

/** A raw MONITOR connection: `+OK`, then one simple-string line per command Redis runs, from any client. */
async function openMonitor(onCommand: (args: string[]) => void): Promise<Socket> {
  const url = new URL(TEST_REDIS_URL);
  const socket = connect(Number(url.port || 6379), url.hostname);
  let buffered = '';
  let ok: () => void;
  const monitoring = new Promise<void>((resolve, reject) => {
    ok = resolve;
    socket.once('error', reject);
  });
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let end = buffered.indexOf('\r\n');
    while (end >= 0) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (line === '+OK') ok();
      else if (line.startsWith('+')) onCommand(monitorArgs(line.slice(1)));
      end = buffered.indexOf('\r\n');
    }
  });
  socket.write(`${url.password ? `AUTH ${decodeURIComponent(url.password)}\r\n` : ''}MONITOR\r\n`);
  await monitoring;
  return socket;
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, '"': 34, '\\': 92 };

/**
 * The quoted arguments of a MONITOR line (`1733461627.21 [11 127.0.0.1:4242] "hset" "key" "..."`), unescaped as
 * Redis escapes them (sdscatrepr: \\, \", \n, \r, \t, \a, \b, and \xHH for any other byte outside ASCII's
 * printable range), as UTF-8.
 */
export function monitorArgs(line: string): string[] {
  const args: string[] = [];
  let i = line.indexOf('] "') + 2;
  while (i > 1 && line[i] === '"') {
    const bytes: number[] = [];
    i += 1;
    while (i < line.length && line[i] !== '"') {
      if (line[i] === '\\' && line[i + 1] === 'x') {
        bytes.push(Number.parseInt(line.slice(i + 2, i + 4), 16));
        i += 4;
      } else if (line[i] === '\\') {
        bytes.push(ESCAPES[line[i + 1]!] ?? line.charCodeAt(i + 1));
        i += 2;
      } else {
        bytes.push(line.charCodeAt(i));
        i += 1;
      }
    }
    args.push(Buffer.from(bytes).toString('utf8'));
    i += 2;
  }
  return args;
}
