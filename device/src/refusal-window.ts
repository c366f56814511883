import type { ServerMessage } from '@screenvisit/protocol';
import type { KioskScreen } from './kiosk-screen.js';
import type { Logger } from './logger.js';

/**
 * Hands each signalling message to the call controller, then puts a refusal's `nextAllowedAt` on the screen: a
 * night-watch call refused outside her hours says when she may call again (screen/next-call.ts), where it said
 * only "not reached" and a number. The controller (call-controller.ts) owns the call and the "not reached" screen;
 * this only adds the time, and only to a refusal the controller took as the answer to her own press: the screen
 * went from "Ringer til nattevagten …" to "not reached" while the controller handled it. A refusal of a request
 * given up on, or of nobody's, changes nothing, so no stale time reaches the glass. The screen model clears the
 * time with the next message (kiosk-screen.ts).
 */
export function withRefusalWindow(
  screen: KioskScreen,
  log: Logger,
  handle: (message: ServerMessage) => void,
): (message: ServerMessage) => void {
  return (message) => {
    const before = screen.snapshot().message?.code;
    handle(message);
    if (message.type !== 'call.refused' || message.nextAllowedAt === undefined) return;
    const after = screen.snapshot().message?.code;
    if (before !== 'calling_night_watch' || after !== 'night_watch_unreachable') return;
    const at = Date.parse(message.nextAllowedAt);
    if (Number.isNaN(at)) return;
    log.info({ nextAllowedAt: message.nextAllowedAt }, 'night watch refused outside the permitted hours');
    screen.update({ nextAllowedAt: at });
  };
}
