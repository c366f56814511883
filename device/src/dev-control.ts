import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { SimulatedBoard } from '@screenvisit/hardware';
import { z } from 'zod';
import type { Agent } from './agent.js';
import { DEV_CONTROL_PAGE } from './dev-control-page.js';
import type { Logger } from './logger.js';
import type { MediaEngine } from './media-engine.js';
import { screenView } from './screen/screen-view.js';

const ButtonParam = z.enum(['answer', 'nightWatch']);
const HOLD_MS = 1_600;

/**
 * Development only (HARDWARE=sim): press the simulated kiosk's buttons from a browser.
 *   GET  /                 the page
 *   GET  /state            agent state, kiosk screen model, what the glass shows, simulated hardware and the
 *                          call's video frames (sent and received; null outside a call), as JSON
 *   POST /press/:button    a short press;  POST /hold/:button  a long press
 *   POST /touch            a touch on the kiosk screen (what the big button does)
 * Bound to 127.0.0.1. POSTs need the `x-dev-control` header, so another site open in the same browser
 * cannot press buttons (a custom header forces a CORS preflight that we never approve); the Host check
 * stops DNS rebinding.
 */
export async function startDevControl(options: {
  port: number;
  agent: Agent;
  board: SimulatedBoard;
  /** The kiosk's media engine: the page counts the call's frames both ways (it cannot show the video itself). */
  media?: Pick<MediaEngine, 'stats'>;
  log: Logger;
}): Promise<{ url: string; close(): Promise<void> }> {
  const { agent, board } = options;
  const log = options.log.child({ module: 'dev-control' });
  let port = options.port;

  /** The call's frames both ways, or null (no call, no engine, or the engine could not say). */
  async function video(): Promise<{ framesSent: number; framesReceived: number } | null> {
    const stats = await options.media?.stats().catch(() => null);
    return stats ? { framesSent: stats.framesSent, framesReceived: stats.framesReceived } : null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const send = (status: number, type: string, body: string) =>
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    const json = (status: number, body: unknown) => send(status, 'application/json', JSON.stringify(body));
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
      return json(421, { error: 'wrong host' });

    const url = new URL(req.url ?? '/', `http://${host}`);
    if (req.method === 'GET' && url.pathname === '/')
      return send(200, 'text/html; charset=utf-8', DEV_CONTROL_PAGE);
    if (req.method === 'GET' && url.pathname === '/state') {
      const kiosk = agent.screen;
      return json(200, {
        state: agent.state,
        deviceId: agent.deviceId,
        kiosk,
        // The lines the real kiosk draws (screen-view.ts, the GTK screen's one mapping), so the page shows the
        // glass, not its own guess: it read "Jonas Nielsen ringer" through a whole call, left out the fallback
        // number after an unreachable night watch, the date at rest and "Tryk på den grønne knap".
        glass: screenView(kiosk, { now: Date.parse(kiosk.now) }),
        hardware: board.snapshot(),
        video: await video(),
      });
    }
    if (req.method === 'POST' && url.pathname === '/touch') {
      if (req.headers['x-dev-control'] !== '1') return json(403, { error: 'missing x-dev-control header' });
      log.info('dev control: touch');
      agent.touch();
      return json(202, { ok: true });
    }
    const match = /^\/(press|hold)\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'POST' && match) {
      if (req.headers['x-dev-control'] !== '1') return json(403, { error: 'missing x-dev-control header' });
      const button = ButtonParam.safeParse(match[2]);
      if (!button.success) return json(404, { error: 'unknown button', buttons: ButtonParam.options });
      log.info({ button: button.data, action: match[1] }, 'dev control: button');
      if (match[1] === 'press') board.press(button.data);
      else void board.pressAndHold(button.data, HOLD_MS);
      return json(202, { ok: true });
    }
    return json(404, { error: 'not found' });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error({ err }, 'dev control request failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}/`;
  log.info({ url }, 'dev control page');
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
