import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { enrol } from './enrolment.js';
import { isDeviceError } from './errors.js';

const DEVICE = '0b5f3c1e-6a2d-4f4e-9c1a-2b3c4d5e6f70';
const ANSWER = { deviceId: DEVICE, mqttUsername: DEVICE, mqttPassword: 'p'.repeat(43) };

let server: Server | null = null;
afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = null;
});

/** A local cloud that answers every POST with `status` and `body`, and remembers what it was sent. */
async function cloudAnswering(status: number, body: string) {
  const seen: { method?: string; type?: string; body: string }[] = [];
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ method: req.method, type: req.headers['content-type'], body: text });
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, seen };
}

const enrolAt = (cloudUrl: string, signal?: AbortSignal) =>
  enrol({ cloudUrl, code: 'ABCD-1234-EF56', hardwareId: 'box-1', ...(signal ? { signal } : {}) });

const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (isDeviceError(e) ? e.reason : String(e)),
  );

describe('enrolment over HTTP', () => {
  it('posts the code as JSON and returns the credential the cloud answers', async () => {
    const cloud = await cloudAnswering(201, JSON.stringify(ANSWER));
    await expect(enrolAt(cloud.url)).resolves.toEqual(ANSWER);
    expect(cloud.seen).toEqual([
      {
        method: 'POST',
        type: 'application/json',
        body: JSON.stringify({ code: 'ABCD-1234-EF56', hardwareId: 'box-1' }),
      },
    ]);
  });

  it('reports a 4xx as refused, with the problem detail, and a 5xx as unreachable', async () => {
    const refused = await cloudAnswering(410, JSON.stringify({ title: 'gone', detail: 'code used' }));
    await expect(enrolAt(refused.url)).rejects.toThrow('HTTP 410: code used');
    await new Promise((r) => server?.close(r));
    const down = await cloudAnswering(503, '');
    expect(await reasonOf(enrolAt(down.url))).toBe('cloud_unreachable');
  });

  it('reports a reply that is not JSON as invalid, and one too large to be ours as unreachable', async () => {
    const html = await cloudAnswering(200, '<html>captive portal</html>');
    expect(await reasonOf(enrolAt(html.url))).toBe('invalid_response');
    await new Promise((r) => server?.close(r));
    const huge = await cloudAnswering(200, JSON.stringify({ ...ANSWER, pad: 'x'.repeat(100_000) }));
    expect(await reasonOf(enrolAt(huge.url))).toBe('cloud_unreachable');
  });

  it('stops waiting when its signal is aborted', async () => {
    server = createServer(() => {}); // never answers
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const abort = new AbortController();
    const pending = reasonOf(
      enrolAt(`http://127.0.0.1:${(server.address() as { port: number }).port}`, abort.signal),
    );
    abort.abort();
    expect(await pending).toBe('cloud_unreachable');
    server.closeAllConnections();
  });

  // Why it does not use fetch: Node's fetch loads its bundled undici on first use, and that stays in the idle
  // kiosk (~15 MB RSS, docs/performance.md). Checked in a fresh process, since the test runner may load it.
  it('enrols without loading undici into the process', async () => {
    const cloud = await cloudAnswering(201, JSON.stringify(ANSWER));
    const script = `
      const { enrol } = await import(${JSON.stringify(fileURLToPath(new URL('./enrolment.ts', import.meta.url)))});
      const answer = await enrol({ cloudUrl: ${JSON.stringify(cloud.url)}, code: 'ABCD-1234-EF56', hardwareId: 'box-1' });
      console.log(JSON.stringify({ deviceId: answer.deviceId,
        undici: process.moduleLoadList.some((m) => m.includes('undici')) }));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 30_000 },
    );
    expect(JSON.parse(stdout)).toEqual({ deviceId: DEVICE, undici: false });
  });
});
