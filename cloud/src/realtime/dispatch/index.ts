import type { ClientMessage } from '@screenvisit/protocol';
import { handleCallAnswer } from './call-answer.js';
import { handleCallPlace } from './call-place.js';
import { handleCallRelay } from './call-relay.js';
import { handleHello } from './hello.js';
import { handlePing } from './ping.js';
import type { SignalContext } from './session.js';

export { LOCKED_MESSAGE } from './lock-gate.js';
export type { SignalContext, SignalSession } from './session.js';

/**
 * THE signalling dispatcher, for both transports (issue 9): a browser's WebSocket frames (realtime/ws/server.ts)
 * and a kiosk's MQTT `sig/up` (calls/kiosk.ts) come here already decoded. One switch over the client message
 * types, one handler per wire message (style.md item 10). Call messages end at the call router; the lock gate
 * applies wherever the session has one (browser sockets). Resolves once the message is handled, so a caller
 * that runs a device's messages in order (the device link's per-kiosk chain) keeps that order.
 */
export function dispatchSignal(ctx: SignalContext, message: ClientMessage): Promise<void> {
  switch (message.type) {
    case 'hello':
      return handleHello(ctx, message);
    case 'ping':
      return handlePing(ctx, message);
    case 'call.place':
      return handleCallPlace(ctx, message);
    case 'call.accept':
    case 'call.decline':
      return handleCallAnswer(ctx, message);
    case 'call.hangup':
    case 'rtc.offer':
    case 'rtc.answer':
    case 'rtc.ice':
    case 'rtc.config.request':
      return handleCallRelay(ctx, message);
    default: {
      const unhandled: never = message;
      return Promise.reject(new Error(`unhandled message ${(unhandled as { type: string }).type}`));
    }
  }
}
