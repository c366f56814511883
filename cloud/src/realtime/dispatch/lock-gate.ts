import { type ClientMessage, SIGNALLING_VERSION } from '@screenvisit/protocol';
import type { SignalSession } from './session.js';

export const LOCKED_MESSAGE = 'The screen is locked. Unlock it with your code first.';

/**
 * Runs a call decision only while the socket's session is unlocked (SignalSession.unlocked; a session without
 * that check, like a kiosk's, runs at once). Hang-up and rtc.* are not gated: a call already answered keeps its
 * media and can always be ended. A refused `call.place` gets its `call.refused`; a refused accept or decline an
 * `error` with code `locked`, and the call keeps ringing the other consoles.
 */
export async function whenUnlocked(
  session: SignalSession,
  message: Extract<ClientMessage, { type: 'call.place' | 'call.accept' | 'call.decline' }>,
  run: () => Promise<void>,
): Promise<void> {
  if (!session.unlocked) return run();
  const v = SIGNALLING_VERSION;
  const refuse = (code: 'locked' | 'internal', text: string) =>
    message.type === 'call.place'
      ? session.send({
          v,
          type: 'call.refused',
          requestId: message.requestId,
          code: 'not_permitted',
          message: text,
        })
      : session.send({ v, type: 'error', code, message: text });
  let ok: boolean;
  try {
    ok = await session.unlocked();
  } catch {
    return refuse('internal', 'Something went wrong.');
  }
  if (!ok) return refuse('locked', LOCKED_MESSAGE);
  return run();
}
