import type { Clock } from '@screenvisit/protocol';
import type { Logger } from '../logger.js';
import type { CurrentCall } from './current-call.js';
import { type IceConfig, iceIsStale } from './ice.js';

/**
 * How long a rebuild or ICE restart whose TURN credentials have expired waits for fresh ones (`rtc.config.request`;
 * the cloud answers in milliseconds). An older cloud never answers, and on a network just back the answer may be
 * late: the restart then goes on with the servers it has (as the browser does, cloud/web shared/call/ice.ts).
 */
export const ICE_REFRESH_WAIT_MS = 2_000;

/**
 * The servers a rebuild or ICE restart of `current` uses: the newest the kiosk holds, unless their TURN
 * credentials have expired or are about to (ice.ts iceIsStale; TURN_TTL_SECONDS in the cloud, an hour by default,
 * counted from the call's `call.accepted` or last resume). Then fresh ones are asked of the cloud
 * (`rtc.config.request`, answered with `rtc.config`: useIce) and waited for at most ICE_REFRESH_WAIT_MS. Without
 * an answer the restart goes on with what it has: on a network that does not need TURN it still works.
 */
export async function freshIce(
  current: CurrentCall,
  deps: { clock: Clock; log: Logger; waitMs: number },
): Promise<IceConfig> {
  const { clock, log } = deps;
  if (!iceIsStale(current.ice, clock.now())) return current.ice;
  const { session } = current;
  const held = current.ice;
  log.info({ callId: session.callId }, 'TURN credentials expired: asking the cloud for fresh ones');
  await new Promise<void>((resolve) => {
    const timer = clock.setTimeout(() => wake(), deps.waitMs);
    const wake = () => {
      clock.clearTimeout(timer);
      const at = current.iceWaiters.indexOf(wake);
      if (at >= 0) current.iceWaiters.splice(at, 1);
      resolve();
    };
    current.iceWaiters.push(wake);
    session.send({ v: 1, type: 'rtc.config.request', callId: session.callId });
  });
  if (current.ice === held)
    log.warn({ callId: session.callId }, 'no fresh ICE servers in time: restarting with the ones held');
  return current.ice;
}

/** A newer `rtc.config` for the call: kept, and handed to a restart that waits for it. */
export function setIce(current: CurrentCall, ice: IceConfig) {
  current.ice = ice;
  for (const wake of current.iceWaiters.splice(0)) wake();
}
