import { SIGNALLING_VERSION } from '@screenvisit/protocol';
import { whenUnlocked } from './lock-gate.js';
import { partyOf, type SignalHandler } from './session.js';

/** `call.place` goes to the call router behind the lock gate; with no call party it is refused at once. */
export const handleCallPlace: SignalHandler<'call.place'> = async (ctx, message) => {
  const { session, calls } = ctx;
  const endpoint = await partyOf(ctx, message.type);
  if (!calls || !endpoint)
    return session.send({
      v: SIGNALLING_VERSION,
      type: 'call.refused',
      requestId: message.requestId,
      code: 'not_permitted',
      message: session.noPartyText,
    });
  return whenUnlocked(session, message, () => calls.handle(endpoint, message));
};
