import { connect } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password/hashing.js';
import { ACCOUNT_POLICY } from '../../src/auth/throttle/policy.js';
import { deviceCommandsTable, devicesTable, staffTable } from '../../src/db/index.js';
import { send } from '../kits/http-client.js';
import { startOfInFlightSlice } from '../kits/in-flight.js';
import { enrolFleet, type SimKiosk, startKiosk } from './fleet.js';
import { clusterPartsAvailable, isNode, keepNodeLogsOnFailure } from './two-nodes.js';
import { pollUntil, startTwoNodesWorld, type TwoNodesWorld } from './two-nodes-world.js';

const usable = await clusterPartsAvailable();

const UPGRADE =
  'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
/**
 * Requests no browser sends, written on a raw socket. The first took a node down once (a WebSocket upgrade whose
 * target Node's parser passes and `new URL` refuses; no-500.int checks the node itself).
 */
const MALFORMED: Record<string, string> = {
  'upgrade to an unparsable target': `GET http://[ HTTP/1.1\r\nHost: x\r\n${UPGRADE}\r\n`,
  'plain GET of an unparsable target': 'GET http://[ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  'upgrade to a port out of range': `GET http://x:99999/ws HTTP/1.1\r\nHost: x:99999\r\n${UPGRADE}\r\n`,
  'upgrade to a host with a bad escape': `GET http://%zz/ws HTTP/1.1\r\nHost: %zz\r\n${UPGRADE}\r\n`,
  'upgrade with an unparsable Host': `GET /ws HTTP/1.1\r\nHost: [\r\n${UPGRADE}\r\n`,
  'upgrade of the asterisk target': `GET * HTTP/1.1\r\nHost: x\r\n${UPGRADE}\r\n`,
  'upgrade with broken percent-encoding': `GET /ws?surface=%E0%A4%A HTTP/1.1\r\nHost: x\r\n${UPGRADE}\r\n`,
  'a control character in the target': `GET /ws\x01 HTTP/1.1\r\nHost: x\r\n${UPGRADE}\r\n`,
  'a header line without a colon': 'GET /readyz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n',
  'Content-Length and Transfer-Encoding both':
    'POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'a header larger than any buffer': `GET /readyz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}\r\n\r\n`,
  'the HTTP/2 preface': 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
  'a TLS hello to the plain door': '\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03',
};

/**
 * Writes `request` on a fresh TCP connection and ends its side, then returns the first line of the answer
 * ('' when the other side closed or reset it unanswered).
 */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(Buffer.from(request, 'latin1')));
    let answer = '';
    socket.on('data', (d) => {
      answer += d.toString('latin1');
    });
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve(answer.split('\r\n')[0] ?? '') : reject(error),
    );
    socket.setTimeout(5_000, () => socket.destroy());
  });
}

/**
 * Two live nodes behind HAProxy as one cloud: the proxy's door, a command issued on one node reaching a kiosk on
 * the other, and limits counted across both. A node killed under its kiosks: two-nodes-failover.int.test.ts.
 */
describe.runIf(usable)('two cloud nodes behind HAProxy (issue 14)', () => {
  let w: TwoNodesWorld;
  keepNodeLogsOnFailure(() => w?.nodes);
  const kiosks: SimKiosk[] = [];

  beforeAll(async () => {
    w = await startTwoNodesWorld();
  }, 180_000);

  afterAll(async () => {
    await Promise.all(kiosks.map((k) => k.stop()));
    await w?.nodes.close();
  }, 60_000);

  it('answers /readyz through HAProxy with the id of the node that answered', async () => {
    const { nodes } = w;
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`http://127.0.0.1:${nodes.proxy.ports.http}/readyz`);
      const text = await response.text();
      expect(response.status, `${text} ${await nodes.proxy.command('show servers state')}`).toBe(200);
      const answer = JSON.parse(text) as { node: string; status: string };
      expect(answer.status).toBe('ready');
      seen.add(answer.node);
    }
    expect([...seen].every((n) => isNode(n, 'node-a') || isNode(n, 'node-b'))).toBe(true);
  });

  it('keeps both nodes up and ready through HAProxy when malformed requests come in at its doors', async () => {
    const { nodes } = w;
    const doors = { http: nodes.proxy.ports.http, mqttWs: nodes.proxy.ports.mqttWs } as const;
    const answers: Record<string, string> = {};
    for (const [door, port] of Object.entries(doors))
      for (const [name, request] of Object.entries(MALFORMED))
        answers[`${door}: ${name}`] = await rawExchange(port, request);
    // The raw MQTT door (TCP, passed through as it is): bytes that are no MQTT packet.
    answers['mqtt: not mqtt'] = await rawExchange(nodes.proxy.ports.mqtt, 'GET http://[ HTTP/1.1\r\n\r\n');
    console.info(`[cluster] malformed requests through HAProxy:\n${JSON.stringify(answers, null, 2)}`);
    // Refused with a 4xx or closed without an answer: never a 5xx (a node that died under the request). The
    // HTTP/2 preface is no error to HAProxy: it speaks HTTP/2 on a clear-text door and answers with its SETTINGS.
    for (const [what, answer] of Object.entries(answers))
      if (what.endsWith('the HTTP/2 preface')) expect(answer.charCodeAt(3), what).toBe(4);
      else expect(answer, what).toMatch(/^(HTTP\/1\.[01] 4\d\d .*)?$/);
    for (const node of [nodes.a, nodes.b]) {
      expect(node.child.exitCode, `${node.logFile}`).toBeNull();
      expect((await fetch(`${node.base}/readyz`)).status).toBe(200);
    }
    for (let i = 0; i < 4; i++)
      expect((await fetch(`http://127.0.0.1:${doors.http}/readyz`)).status).toBe(200);
  });

  it('delivers a config push and a wipe issued on node A to a kiosk connected to node B, and both are acknowledged', async () => {
    const { nodes, onA, holderOf } = w;
    const [credential] = await enrolFleet(nodes.db, w.municipalityId, 1, 'ab');
    const kiosk = startKiosk(credential!, `mqtt://127.0.0.1:${nodes.b.ports.mqtt}`, { heartbeatMs: 2_000 });
    kiosks.push(kiosk);
    await pollUntil(
      'the kiosk held by node B',
      () => holderOf(kiosk.deviceId),
      (h) => isNode(h, 'node-b'),
      15_000,
    );

    const pushed = await onA('PUT', `/api/devices/${kiosk.deviceId}/config`, { volume: 33 });
    expect(pushed.status).toBe(202);
    const { commandId } = (await pushed.json()) as { commandId: string };
    await pollUntil(
      'the config acknowledged',
      async () =>
        (
          await nodes.db.db.select().from(deviceCommandsTable).where(eq(deviceCommandsTable.id, commandId))
        )[0],
      (row) => row?.ackedAt != null,
      15_000,
    );
    const applied = kiosk.commands.find((c) => c.id === commandId);
    expect(applied?.type === 'config.apply' && applied.config.volume).toBe(33);

    // The wipe waits on node A for the ack that arrives on node B (the bus brings it over), then cuts the
    // kiosk on node B: the answer is `acknowledged`, not the timeout's `pending`.
    const wiped = await onA('POST', `/api/devices/${kiosk.deviceId}/wipe`, { afterWipe: 'registered' });
    expect(wiped.status).toBe(202);
    expect(await wiped.json()).toMatchObject({ status: 'acknowledged', deviceWasOnline: true });
    expect(kiosk.commands.some((c) => c.type === 'wipe')).toBe(true);
    // Cut on node B, and refused (CONNACK 5) when it tries again: its credential is revoked.
    await pollUntil(
      'the kiosk cut and refused',
      async () => kiosk.refusedWith(),
      (code) => code === 5,
      15_000,
    );
    const [row] = await nodes.db.db.select().from(devicesTable).where(eq(devicesTable.id, kiosk.deviceId));
    expect(row?.lifecycle).toBe('registered');
  }, 60_000);

  it('counts failed logins on both nodes together, so a guesser cannot double the limit by alternating nodes', async () => {
    const { nodes, municipalityId } = w;
    await nodes.db.db.insert(staffTable).values({
      municipalityId,
      username: 'lars-cluster',
      displayName: 'L',
      role: 'staff',
      passwordHash: await hashPassword('Rigtig-Kode-Til-Lars-47'),
    });
    const attempt = (node: 'a' | 'b') =>
      fetch(`${nodes[node].base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'lars-cluster', password: 'forkert-kode', municipalityId }),
      });
    // Five free failures per account (auth/throttle/policy.ts), spread over both nodes: 3 on A, 2 on B.
    for (const node of ['a', 'a', 'a', 'b', 'b'] as const) expect((await attempt(node)).status).toBe(401);
    const sixth = await attempt('a');
    expect(sixth.status).toBe(429);
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0);
  }, 60_000);

  it('gives only the free failures a password check when wrong passwords for one account reach both nodes at once, beyond them one at a time', async () => {
    // The attempts in flight were counted per node: 30 at once got 10 password checks (5 on each node), and
    // beyond the free failures each node let one through at a time.
    const { nodes, municipalityId } = w;
    await nodes.db.db.insert(staffTable).values({
      municipalityId,
      username: 'mette-cluster',
      displayName: 'M',
      role: 'staff',
      passwordHash: await hashPassword('Rigtig-Kode-Til-Mette-58'),
    });
    const burst = async (n: number) => {
      await startOfInFlightSlice();
      const statuses = await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          // Alternating nodes, and a source address of its own on each, as a guesser spreading out would.
          const [node, from] =
            i % 2 ? ([nodes.b, '127.0.0.31'] as const) : ([nodes.a, '127.0.0.30'] as const);
          const reply = await send(node.base, '/api/auth/login', {
            from,
            body: { username: 'mette-cluster', password: 'forkert-kode', municipalityId },
          });
          return reply.status;
        }),
      );
      return {
        checked: statuses.filter((s) => s === 401).length,
        refused: statuses.filter((s) => s === 429).length,
      };
    };
    expect(await burst(30)).toEqual({
      checked: ACCOUNT_POLICY.freeFailures,
      refused: 30 - ACCOUNT_POLICY.freeFailures,
    });
    await new Promise((r) => setTimeout(r, 1_100)); // the first wait (1 s) has passed
    expect(await burst(10)).toEqual({ checked: 1, refused: 9 });
  }, 60_000);
});
