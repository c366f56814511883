import { whenUnlocked } from './lock-gate.js';
import { partyOf, refuseUnknownCall, type SignalHandler } from './session.js';

/** `call.accept` and `call.decline`: a ringing console's answer, behind the lock gate. */
export const handleCallAnswer: SignalHandler<'call.accept' | 'call.decline'> = async (ctx, message) => {
  const { session, calls } = ctx;
  const endpoint = await partyOf(ctx, message.type);
  if (!calls || !endpoint) return refuseUnknownCall(session);
  return whenUnlocked(session, message, () => calls.handle(endpoint, message));
};
