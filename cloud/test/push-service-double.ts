import { execFileSync } from 'node:child_process';
import {
  createDecipheriv,
  createECDH,
  createPublicKey,
  hkdfSync,
  randomBytes,
  randomUUID,
  verify,
} from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A LOCAL HTTP DOUBLE of a Web Push service (RFC 8030), for tests only: it is not Google's FCM or Mozilla's
 * autopush, but speaks the documented protocol they share. For each subscription it holds the browser side's
 * RFC 8291 keys (a P-256 key pair and a 16-byte auth secret), and for each push it
 *  - checks the VAPID authorization (RFC 8292 §3: `vapid t=<JWT>, k=<public key>`, ES256 signature, aud = our
 *    origin, exp in the future, sub present),
 *  - decrypts the aes128gcm body (RFC 8188 §2 record layout; RFC 8291 §3.3-3.4 key derivation),
 *  - answers 201 Created (RFC 8030 §5), or 410 Gone for a subscription the test has expired.
 * The decrypted payloads are kept in `received`, for the test to hand to a browser's service worker.
 * It serves HTTPS (web-push speaks nothing else) with a throw-away self-signed certificate made by openssl;
 * the cloud trusts it through PUSH_EXTRA_CA_FILE = `caFile`.
 */
export interface PushDouble {
  readonly origin: string;
  /** The double's certificate (PEM), for the cloud's PUSH_EXTRA_CA_FILE. */
  readonly caFile: string;
  subscription(): { endpoint: string; keys: { p256dh: string; auth: string } };
  /** The push service answers 410 Gone for this endpoint from now on (the browser unsubscribed). */
  expire(endpoint: string): void;
  readonly received: ReceivedPush[];
  readonly rejected: { endpoint: string; status: number; why: string }[];
  close(): Promise<void>;
}

export interface ReceivedPush {
  readonly endpoint: string;
  readonly payload: string;
  readonly ttl: number;
  readonly urgency: string | undefined;
  readonly topic: string | undefined;
  readonly vapidPublicKey: string;
}

const b64u = (b: Buffer) => b.toString('base64url');

function hkdf(salt: Buffer, ikm: Buffer, info: Buffer, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, length));
}

/** RFC 8291 §3.4 + RFC 8188 §2: one record, padding delimiter 0x02 for the last record. */
export function decryptAes128gcm(body: Buffer, uaPrivate: ReturnType<typeof createECDH>, authSecret: Buffer) {
  const salt = body.subarray(0, 16);
  const idlen = body.readUInt8(20);
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const uaPublic = uaPrivate.getPublicKey();
  const ecdhSecret = uaPrivate.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = hkdf(authSecret, ecdhSecret, keyInfo, 32);
  const cek = hkdf(salt, ikm, Buffer.from('Content-Encoding: aes128gcm\0'), 16);
  const nonce = hkdf(salt, ikm, Buffer.from('Content-Encoding: nonce\0'), 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const plain = Buffer.concat([
    decipher.update(ciphertext.subarray(0, ciphertext.length - 16)),
    decipher.final(),
  ]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end -= 1;
  if (plain[end] !== 0x02) throw new Error('bad padding delimiter');
  return plain.subarray(0, end).toString('utf8');
}

/** RFC 8292 §3.1-3.2: the JWT is ES256-signed with the key given in k=. Returns the key, or throws why not. */
export function checkVapid(header: string | undefined, audience: string, nowSeconds: number): string {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!m) throw new Error('no vapid authorization');
  const [, jwt, k] = m as unknown as [string, string, string];
  const [h, p, s] = jwt.split('.');
  if (!h || !p || !s) throw new Error('malformed JWT');
  const head = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
  if (head.alg !== 'ES256') throw new Error('JWT alg is not ES256');
  const raw = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33, 65)) },
    format: 'jwk',
  });
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  if (!ok) throw new Error('JWT signature does not verify');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as {
    aud?: string;
    exp?: number;
    sub?: string;
  };
  if (claims.aud !== audience) throw new Error(`aud ${claims.aud} is not ${audience}`);
  if (!claims.exp || claims.exp <= nowSeconds || claims.exp > nowSeconds + 24 * 3600)
    throw new Error('exp missing or out of range');
  if (!claims.sub) throw new Error('sub missing');
  return k;
}

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startPushDouble(): Promise<PushDouble> {
  const subs = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer; gone: boolean }>();
  const received: ReceivedPush[] = [];
  const rejected: PushDouble['rejected'] = [];
  let origin = '';
  const dir = mkdtempSync(join(tmpdir(), 'sv-push-double-'));
  const caFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      caFile,
    ],
    { stdio: 'ignore' },
  );
  const tls = { cert: readFileSync(caFile), key: readFileSync(keyFile) };
  const server: Server = createServer(tls, async (req, res) => {
    const endpoint = `${origin}${req.url ?? ''}`;
    const reject = (status: number, why: string) => {
      rejected.push({ endpoint, status, why });
      res.writeHead(status).end(why);
    };
    try {
      const body = await readBody(req);
      const sub = subs.get(endpoint);
      if (req.method !== 'POST' || !sub) return reject(404, 'no such subscription');
      if (sub.gone) return reject(410, 'subscription expired');
      if (req.headers['content-encoding'] !== 'aes128gcm')
        return reject(400, 'content-encoding is not aes128gcm');
      const ttl = Number(req.headers.ttl);
      if (!Number.isInteger(ttl) || ttl < 0) return reject(400, 'TTL header missing (RFC 8030 §5.2)');
      const key = checkVapid(req.headers.authorization, origin, Math.floor(Date.now() / 1000));
      received.push({
        endpoint,
        payload: decryptAes128gcm(body, sub.ecdh, sub.auth),
        ttl,
        urgency: req.headers.urgency as string | undefined,
        topic: req.headers.topic as string | undefined,
        vapidPublicKey: key,
      });
      res.writeHead(201, { location: `${origin}/message/${randomUUID()}` }).end();
    } catch (error) {
      reject(400, (error as Error).message);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  origin = `https://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    origin,
    caFile,
    received,
    rejected,
    subscription() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const endpoint = `${origin}/push/${randomUUID()}`;
      subs.set(endpoint, { ecdh, auth, gone: false });
      return { endpoint, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } };
    },
    expire(endpoint) {
      const sub = subs.get(endpoint);
      if (sub) sub.gone = true;
    },
    close: () =>
      new Promise((resolve) =>
        server.close(() => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        }),
      ),
  };
}
