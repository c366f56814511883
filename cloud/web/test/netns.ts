import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_PATH, requireOrSkip } from '../../../test-support/requirements.js';

/**
 * A bad network made of real Linux parts (issue 15 §6): a network namespace joined to the host by a veth
 * pair, so everything a browser inside it sends (signalling AND media) crosses one link the test controls:
 * - cut: the host end goes down (the namespace end keeps its routes and sees no carrier, as on a dead Wi-Fi);
 * - rate: `tc ... tbf` on BOTH ends (uplink and downlink);
 * - loss: nftables `numgen random mod 100 < N drop` inside the namespace, both directions.
 * This kernel has no `netem`, so there is no added delay.
 *
 * Names and the /30 subnet are unique per run; close() removes the namespace (which takes its veth end and
 * the pair with it), stops the forwarder and deletes the temp dir, and is safe to call twice.
 *
 * The browser inside reaches the cloud at http://localhost:PORT (a secure context, so the `__Host-` cookie,
 * the camera and the service worker work as in the other e2e suites) through a small TCP forwarder running in
 * the namespace from its 127.0.0.1:PORT to the host end's address.
 */
export interface BadNetwork {
  readonly name: string;
  /** The host end's address: the cloud must listen there too (HOST=0.0.0.0). */
  readonly hostIp: string;
  readonly nsIp: string;
  /** Forward the namespace's 127.0.0.1:port to the host's hostIp:port. */
  forward(port: number): Promise<void>;
  /** A Chromium executable that runs inside the namespace (a wrapper script for playwright). */
  readonly chromium: string;
  /** The whole link down (signalling too) / up again. */
  cut(): void;
  restore(): void;
  /** Drop every UDP packet in and out (the media path; the signalling's TCP stays), or stop dropping. */
  cutMedia(on: boolean): void;
  /** Rate limit both directions (kbit/s) and drop `lossPercent` of packets at random; null clears both. */
  shape(shape: { kbit: number; lossPercent?: number } | null): void;
  close(): Promise<void>;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const inNs = (ns: string, ...cmd: string[]) => ip('netns', 'exec', ns, ...cmd);

/** `ip netns` works here (root, or CAP_NET_ADMIN and CAP_SYS_ADMIN); else skip loudly (fail under CI). */
export function hasNetns(): boolean {
  const probe = `svprobe-${process.pid}`;
  const added = spawnSync('ip', ['netns', 'add', probe]).status === 0;
  if (added) spawnSync('ip', ['netns', 'del', probe]);
  const tools = spawnSync('nft', ['--version']).status === 0 && spawnSync('tc', ['-V']).status === 0;
  return requireOrSkip(
    'ip netns with tc and nft',
    added && tools,
    'run as root with iproute2 and nftables installed (apt-get install iproute2 nftables)',
  );
}

function freeSubnet(): [string, string] {
  const used = execFileSync('ip', ['-o', '-4', 'addr'], { encoding: 'utf8' });
  for (;;) {
    const [a, b, c] = randomBytes(3);
    const prefix = `10.${200 + (a! % 50)}.${b}`;
    const base = (c! % 64) * 4;
    if (!used.includes(`${prefix}.${base + 1}/`) && !used.includes(`${prefix}.${base + 2}/`))
      return [`${prefix}.${base + 1}`, `${prefix}.${base + 2}`];
  }
}

const FORWARDER = `
const net = require('node:net');
const [port, host] = process.argv.slice(1);
net.createServer((c) => {
  const up = net.connect(Number(port), host);
  c.pipe(up).pipe(c);
  c.on('error', () => up.destroy());
  up.on('error', () => c.destroy());
}).listen(Number(port), '127.0.0.1', () => console.log('ready'));
`;

export function createBadNetwork(): BadNetwork {
  const id = randomBytes(3).toString('hex');
  const name = `sv-${id}`;
  const hostIf = `svh${id}`;
  const nsIf = `svn${id}`;
  const [hostIp, nsIp] = freeSubnet();
  const dir = mkdtempSync(join(tmpdir(), 'sv-netns-'));
  const forwarders: ChildProcess[] = [];
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    for (const f of forwarders) f.kill('SIGKILL');
    spawnSync('ip', ['netns', 'del', name]);
    spawnSync('ip', ['link', 'del', hostIf]);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    ip('netns', 'add', name);
    ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf);
    ip('link', 'set', nsIf, 'netns', name);
    ip('addr', 'add', `${hostIp}/30`, 'dev', hostIf);
    ip('link', 'set', hostIf, 'up');
    inNs(name, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsIf);
    inNs(name, 'ip', 'link', 'set', nsIf, 'up');
    inNs(name, 'ip', 'link', 'set', 'lo', 'up');
    inNs(name, 'ip', 'route', 'add', 'default', 'via', hostIp);
  } catch (error) {
    void close();
    throw error;
  }
  const chromium = join(dir, 'chromium-in-netns');
  writeFileSync(chromium, `#!/bin/sh\nexec ip netns exec ${name} ${CHROMIUM_PATH} "$@"\n`);
  chmodSync(chromium, 0o755);

  const shapeEnd = (dev: string, kbit: number | null, ns?: string) => {
    const base = ['tc', 'qdisc', kbit === null ? 'del' : 'replace', 'dev', dev, 'root'];
    // burst: a few full packets; latency: how long a packet may queue before tbf drops it (a 3G-like buffer).
    const args =
      kbit === null ? base : [...base, 'tbf', 'rate', `${kbit}kbit`, 'burst', '6kb', 'latency', '200ms'];
    const run = ns ? spawnSync('ip', ['netns', 'exec', ns, ...args]) : spawnSync(args[0]!, args.slice(1));
    if (kbit !== null && run.status !== 0) throw new Error(`tc failed: ${run.stderr}`);
  };

  return {
    name,
    hostIp,
    nsIp,
    chromium,
    async forward(port) {
      const child = spawn(
        'ip',
        ['netns', 'exec', name, process.execPath, '-e', FORWARDER, String(port), hostIp],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      forwarders.push(child);
      await new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`forwarder exited ${code}`)));
        child.stdout?.once('data', () => resolve());
      });
    },
    cut: () => ip('link', 'set', hostIf, 'down'),
    cutMedia(on) {
      spawnSync('ip', ['netns', 'exec', name, 'nft', 'delete', 'table', 'inet', 'svcut']);
      if (!on) return;
      const rules = `table inet svcut {
  chain in { type filter hook input priority 0; meta l4proto udp drop; }
  chain out { type filter hook output priority 0; meta l4proto udp drop; }
}`;
      const nft = spawnSync('ip', ['netns', 'exec', name, 'nft', '-f', '-'], { input: rules });
      if (nft.status !== 0) throw new Error(`nft failed: ${nft.stderr}`);
    },
    restore: () => ip('link', 'set', hostIf, 'up'),
    shape(shape) {
      shapeEnd(hostIf, shape?.kbit ?? null);
      shapeEnd(nsIf, shape?.kbit ?? null, name);
      spawnSync('ip', ['netns', 'exec', name, 'nft', 'delete', 'table', 'inet', 'svloss']);
      if (!shape?.lossPercent) return;
      const rules = `table inet svloss {
  chain in { type filter hook input priority 0; numgen random mod 100 < ${shape.lossPercent} drop; }
  chain out { type filter hook output priority 0; numgen random mod 100 < ${shape.lossPercent} drop; }
}`;
      const nft = spawnSync('ip', ['netns', 'exec', name, 'nft', '-f', '-'], { input: rules });
      if (nft.status !== 0) throw new Error(`nft failed: ${nft.stderr}`);
    },
    close,
  };
}
