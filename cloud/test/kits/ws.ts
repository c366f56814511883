import WebSocket from 'ws';
import type { TestCloud } from '../test-cloud.js';

export interface OpenedSocket {
  readonly ws: WebSocket;
  /** Resolves with the close code and reason, and when it happened (Date.now()). */
  readonly closed: Promise<{ code: number; reason: string; at: number }>;
}

/** Opens /ws with the given headers; resolves once open, rejects with "http <status>" when refused. */
export function openWs(t: TestCloud, headers: Record<string, string>): Promise<OpenedSocket> {
  const ws = new WebSocket(`${t.base.replace('http', 'ws')}/ws`, { headers });
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason), at: Date.now() })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, closed }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`http ${res.statusCode}`)));
    ws.once('error', reject);
  });
}
