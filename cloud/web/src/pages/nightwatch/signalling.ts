import { z } from 'zod/mini';

/**
 * The console's own small signalling client over /ws (flows in cloud/src/calls; messages in protocol/src/
 * signalling.ts, mirrored here with zod/mini so the browser bundle does not carry full zod). It only does what
 * the console needs on the signalling level: hello/resume, ringing, accept, taken, hang-up, call-back. Media
 * (rtc.offer/answer/ice) is ignored here: the WebRTC view is the next step (cloud/web/src/shared/call).
 */
const v = 1 as const;
const Party = z.object({ kind: z.enum(['staff', 'citizen', 'device', 'pool']), id: z.string() });

const Incoming = z.object({
  type: z.literal('call.incoming'),
  callId: z.string(),
  from: Party,
  displayName: z.string(),
});
export const ConsoleMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), resumeToken: z.string() }),
  Incoming,
  z.object({ type: z.literal('call.ringing'), requestId: z.string(), callId: z.string() }),
  z.object({ type: z.literal('call.accepted'), callId: z.string(), by: Party }),
  z.object({ type: z.literal('call.taken'), callId: z.string(), byDisplayName: z.string() }),
  z.object({ type: z.literal('call.ended'), callId: z.string(), reason: z.string() }),
  z.object({ type: z.literal('call.refused'), requestId: z.string(), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ConsoleMessage = z.infer<typeof ConsoleMessage>;

export type Outgoing =
  | { type: 'call.accept' | 'call.decline' | 'call.hangup'; callId: string }
  | { type: 'call.place'; requestId: string; to: { kind: 'citizen'; id: string } };

export type LinkState = 'connecting' | 'open' | 'down';

export interface SignallingLink {
  send(message: Outgoing): boolean;
  close(): void;
}

export interface LinkOptions {
  readonly url: string;
  readonly onMessage: (message: ConsoleMessage) => void;
  readonly onState: (state: LinkState) => void;
  readonly createSocket?: (url: string) => WebSocket;
  readonly random?: () => number;
}

/** Full-jitter backoff (base 1 s, cap 30 s): a restarted cloud is not hit by every console at once. */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(30_000, 1_000 * 2 ** attempt));
}

export function signallingUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export function openSignalling(options: LinkOptions): SignallingLink {
  const create = options.createSocket ?? ((url: string) => new WebSocket(url));
  let socket: WebSocket | undefined;
  let resumeToken: string | undefined;
  let attempt = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    options.onState('connecting');
    const ws = create(options.url);
    socket = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ v, type: 'hello', ...(resumeToken ? { resumeToken } : {}) }));
    };
    ws.onmessage = (event) => {
      let json: unknown;
      try {
        json = JSON.parse(String(event.data));
      } catch {
        return;
      }
      const parsed = ConsoleMessage.safeParse(json);
      if (!parsed.success) return; // pong, rtc.*: not the console's business on this level
      if (parsed.data.type === 'welcome') {
        resumeToken = parsed.data.resumeToken;
        attempt = 0;
        options.onState('open');
      }
      options.onMessage(parsed.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      options.onState('down');
      if (closed) return;
      timer = setTimeout(connect, reconnectDelayMs(attempt++, options.random));
    };
  };
  connect();

  return {
    send(message) {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify({ v, ...message }));
      return true;
    },
    close() {
      closed = true;
      clearTimeout(timer);
      const ws = socket;
      socket = undefined;
      ws?.close(1000, 'console closed');
    },
  };
}
