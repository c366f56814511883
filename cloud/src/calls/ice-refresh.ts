import type { RtcConfigRequest } from '@screenvisit/protocol';
import type { z } from 'zod';
import { type CallContext, unknownCall, v } from './context.js';
import type { Endpoint } from './types.js';

/**
 * `rtc.config.request`: a kiosk in a call asks for fresh STUN/TURN because the TURN REST credentials it holds have
 * expired (TURN_TTL_SECONDS after they were issued) and it is about to rebuild its connection or restart ICE,
 * whose new allocations coturn would refuse (device/src/media/call-bridge.ts #freshIce). Answered with
 * `rtc.config` for that call, issued now, on the kiosk's `sig/down` (through the sender's per-kiosk chain, so in
 * order with the call's other messages). Only a kiosk bound to the call (its caller or its answerer) is answered;
 * anyone else gets `unknown_call`, as for `rtc.*` (relay.ts). A browser that is a party gets nothing: it fetches
 * GET /api/calls/ice-servers. Used by: router.ts (both transports reach it, only kiosks send it).
 */
export async function refreshIce(
  ctx: CallContext,
  from: Endpoint,
  m: z.infer<typeof RtcConfigRequest>,
): Promise<void> {
  const call = ctx.store.get(m.callId);
  const bound =
    call !== undefined && (from.id === call.callerEndpoint.id || from.id === call.answerer?.endpoint.id);
  if (!bound) {
    unknownCall(ctx, from.id);
    return;
  }
  if (from.owner.kind !== 'device' || !ctx.deviceIce) {
    ctx.log.debug({ callId: m.callId, endpoint: from.id }, 'rtc.config.request not answered here');
    return;
  }
  const ice = await ctx.deviceIce(from.owner.id);
  if (!ice) return;
  ctx.log.info({ callId: m.callId, deviceId: from.owner.id }, 'fresh ICE servers for the kiosk');
  ctx.send(from.id, { v, type: 'rtc.config', callId: m.callId, ...ice });
}
