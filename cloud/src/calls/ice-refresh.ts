import type { RtcConfigRequest } from '@screenvisit/protocol';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { z } from 'zod';
import type { MakeLimiter } from '../kernel/ports.js';
import { type CallContext, unknownCall, v } from './context.js';
import type { Endpoint } from './types.js';

/**
 * How many `rtc.config.request`s one kiosk gets answered per minute. Every answer issues fresh TURN REST
 * credentials (an HMAC over a new username, good for TURN_TTL_SECONDS) after reading the device and its
 * municipality's relay policy, so a broken or hostile kiosk asking in a loop must not get them in a loop.
 * A kiosk asks only just before a rebuild or ICE restart whose credentials expire within 30 s
 * (device/src/media/ice-refresh.ts), once per restart: at most MAX_RESTARTS (3) failures per call, each noticed
 * ~16 s after its cut, plus the other party's resumes, and an answer's credentials are then good for at least
 * a minute (TURN_TTL_SECONDS >= 60). Ten a minute is three times the most a working kiosk asks.
 */
export const KIOSK_ICE_REQUESTS_PER_MINUTE = 10;

/**
 * The per-kiosk count of `rtc.config.request`s: in memory on one node; `make` gives RateLimiterRedis when
 * REDIS_URL is set (cluster/limiters.ts), so a kiosk that reconnects to another node keeps its count.
 */
export function createIceRequestLimit(
  make: MakeLimiter = (options) => new RateLimiterMemory(options),
): RateLimiterAbstract {
  return make({ keyPrefix: 'kiosk-ice-request', points: KIOSK_ICE_REQUESTS_PER_MINUTE, duration: 60 });
}

/**
 * `rtc.config.request`: a kiosk in a call asks for fresh STUN/TURN because the TURN REST credentials it holds have
 * expired (TURN_TTL_SECONDS after they were issued) and it is about to rebuild its connection or restart ICE,
 * whose new allocations coturn would refuse (device/src/media/call-bridge.ts #freshIce). Answered with
 * `rtc.config` for that call, issued now, on the kiosk's `sig/down` (through the sender's per-kiosk chain, so in
 * order with the call's other messages). Only a kiosk bound to the call (its caller or its answerer) is answered;
 * anyone else gets `unknown_call`, as for `rtc.*` (relay.ts). A browser that is a party gets nothing: it fetches
 * GET /api/calls/ice-servers. Every request of a kiosk counts against KIOSK_ICE_REQUESTS_PER_MINUTE, first;
 * beyond it the kiosk gets `error` `rate_limited` and goes on with the servers it holds. Used by: router.ts (both
 * transports reach it, only kiosks send it).
 */
export async function refreshIce(
  ctx: CallContext,
  from: Endpoint,
  m: z.infer<typeof RtcConfigRequest>,
): Promise<void> {
  if (from.owner.kind === 'device' && !(await withinLimit(ctx, from, m.callId))) return;
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

/** Takes one request of the kiosk's minute; false (the kiosk told `rate_limited`) when none is left. */
async function withinLimit(ctx: CallContext, from: Endpoint, callId: string): Promise<boolean> {
  try {
    await ctx.iceRequests.consume(from.owner.id);
    return true;
  } catch (error) {
    // Out of points is the expected refusal; anything else (Redis down with no insurance) is a real error.
    if (!(error instanceof RateLimiterRes)) throw error;
    const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    // Logged once per window: a kiosk asking in a loop must not flood the log as well.
    if (error.consumedPoints === KIOSK_ICE_REQUESTS_PER_MINUTE + 1)
      ctx.log.warn(
        { deviceId: from.owner.id, callId, perMinute: KIOSK_ICE_REQUESTS_PER_MINUTE },
        'kiosk asks for ICE servers too often: refused until its minute is over',
      );
    ctx.send(from.id, {
      v,
      type: 'error',
      code: 'rate_limited',
      message: `Too many requests for ICE servers. Try again in ${seconds} s.`,
    });
    return false;
  }
}
