import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What the kiosk needs from one HTTP exchange: the status and the (small) body as text. */
export interface HttpReply {
  status: number;
  text: string;
}

/** POST a JSON body and read the reply; the agent's only HTTP call is enrolment, once in a kiosk's life. */
export type PostJson = (url: URL, body: string, signal: AbortSignal) => Promise<HttpReply>;

/** An enrolment answer is a few hundred bytes; a larger reply is not our cloud. */
const MAX_REPLY_BYTES = 64 * 1024;

/**
 * POST through node:http/node:https rather than the global fetch: fetch loads Node's bundled undici on first use,
 * which stays in the process and cost the idle kiosk ~15 MB RSS (docs/performance.md, "Kiosk idle footprint,
 * 2026-12-03 evening"). Same TLS defaults (Node's CA store plus NODE_EXTRA_CA_CERTS); aborting `signal` destroys
 * the request with the signal's reason, like fetch.
 */
export const postJson: PostJson = (url, body, signal) =>
  new Promise<HttpReply>((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : null;
    if (!send) {
      reject(new Error(`unsupported protocol ${url.protocol}`));
      return;
    }
    const req = send(
      url,
      {
        method: 'POST',
        signal,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_REPLY_BYTES) {
            req.destroy(new Error(`reply larger than ${MAX_REPLY_BYTES} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
