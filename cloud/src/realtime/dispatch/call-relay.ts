import { partyOf, refuseUnknownCall, type SignalHandler } from './session.js';

/**
 * `call.hangup`, `rtc.offer`/`rtc.answer`/`rtc.ice` and a kiosk's `rtc.config.request`: messages inside a call.
 * Never behind the lock gate, so an answered call keeps its media and can always be ended.
 */
export const handleCallRelay: SignalHandler<
  'call.hangup' | 'rtc.offer' | 'rtc.answer' | 'rtc.ice' | 'rtc.config.request'
> = async (ctx, message) => {
  const endpoint = await partyOf(ctx, message.type);
  if (!ctx.calls || !endpoint) return refuseUnknownCall(ctx.session);
  return ctx.calls.handle(endpoint, message);
};
