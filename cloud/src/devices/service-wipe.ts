import type { Clock } from '@screenvisit/protocol';
import type { Database } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import type { DeviceLink, DeviceLinkHooks } from './link-types.js';
import type { DeviceActor } from './scoped-device.js';
import { requestWipe, settleWipe, type WipeSettledBy, type WipeThen } from './wipe.js';

/** What the remote wipe needs of the service's deps (service.ts DeviceServiceDeps). */
export interface DeviceWipeDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly log: Logger;
  readonly link: Pick<DeviceLink, 'send'>;
  /** Whether a broker (this node's, or with two nodes any live node's) holds a session for the device now. */
  isConnected(deviceId: string): boolean | Promise<boolean>;
  /**
   * Two or more nodes (issue 14): tells the other nodes a wipe was settled here, so a support request waiting on
   * another node for the kiosk's ack is answered at once (onSettledElsewhere there). Absent on a single node.
   */
  announceSettled?(wipeId: string, by: WipeSettledBy): void;
  /** Cut the device's live connections (MQTT and calls): the Deactivator's revokeDevice. */
  cut(municipalityId: string, deviceId: string, actor: DeviceActor): Promise<void>;
  /** How long an online kiosk gets to acknowledge a wipe before its connection is cut anyway. */
  readonly wipeAckTimeoutMs: number;
}

export interface WipeOutcome {
  readonly wipeId: string;
  /** acknowledged: the kiosk confirmed it; pending: it was offline or silent and is wiped at its next CONNECT. */
  readonly status: 'acknowledged' | 'settled_by_refusal' | 'pending';
  readonly deviceWasOnline: boolean;
}

/** Support's remote wipe, and the broker's and the other nodes' word that one was settled (service.ts). */
export interface DeviceWipeActions {
  wipe(
    municipalityId: string,
    deviceId: string,
    afterWipe: WipeThen,
    actor: DeviceActor,
  ): Promise<WipeOutcome>;
  /** The broker's `refused` event: a revoked kiosk with a pending wipe wipes itself now. */
  onRefused(deviceId: string, why: string): void;
  /** Another node settled this wipe (its kiosk's ack or refusal arrived there): answer a wait for it here. */
  onSettledElsewhere(wipeId: string, by: WipeSettledBy): void;
}

/**
 * The wipe half of createDeviceService. INVARIANT of the online wipe: the waiter for the ack is registered BEFORE
 * the command is published, so an ack that beats the publish's promise is never missed; the connection is cut
 * only after the ack or the timeout, never before (the credential itself is revoked at once, in requestWipe).
 */
export function createDeviceWipeActions(deps: DeviceWipeDeps): {
  actions: DeviceWipeActions;
  hooks: Required<Pick<DeviceLinkHooks, 'onCommandAcked'>>;
} {
  const { clock, log } = deps;
  const db = deps.db.db;
  const now = () => new Date(clock.now());
  const waiters = new Map<string, (by: WipeSettledBy) => void>();

  const settled = async (deviceId: string, by: WipeSettledBy, wipeId?: string) => {
    const row = await settleWipe(db, { deviceId, by, now: now(), ...(wipeId ? { wipeId } : {}) });
    if (!row) return;
    log.info({ deviceId, wipeId: row.id, by }, 'wipe settled');
    waiters.get(row.id)?.(by);
    deps.announceSettled?.(row.id, by);
  };

  const waitForSettlement = (wipeId: string): Promise<WipeSettledBy | 'timeout'> =>
    new Promise((resolve) => {
      const timer = clock.setTimeout(() => {
        waiters.delete(wipeId);
        resolve('timeout');
      }, deps.wipeAckTimeoutMs);
      waiters.set(wipeId, (by) => {
        clock.clearTimeout(timer);
        waiters.delete(wipeId);
        resolve(by);
      });
    });

  return {
    actions: {
      /**
       * Revoke + enqueue (one transaction), publish, wait for the ack up to wipeAckTimeoutMs, then cut.
       * An offline kiosk is not waited for: the broker refuses it at its next CONNECT and onRefused settles it.
       */
      async wipe(
        municipalityId: string,
        deviceId: string,
        afterWipe: WipeThen,
        actor: DeviceActor,
      ): Promise<WipeOutcome> {
        const { wipeId, command } = await requestWipe(db, {
          municipalityId,
          deviceId,
          afterWipe,
          actor,
          now: now(),
        });
        const online = await deps.isConnected(deviceId);
        log.info({ deviceId, wipeId, online }, 'wipe requested');
        let status: WipeOutcome['status'] = 'pending';
        if (online) {
          const outcome = waitForSettlement(wipeId);
          await deps.link.send(deviceId, command);
          const by = await outcome;
          if (by === 'ack') status = 'acknowledged';
          else if (by === 'refusal') status = 'settled_by_refusal';
          else
            log.warn(
              { deviceId, wipeId },
              'no wipe ack in time: cutting; it is wiped at its next connection',
            );
        } else {
          await deps.link.send(deviceId, command);
        }
        await deps.cut(municipalityId, deviceId, actor);
        return { wipeId, status, deviceWasOnline: online };
      },

      /** The broker's DeviceAuthenticator.onRefused: a revoked kiosk with a pending wipe wipes itself now. */
      onRefused(deviceId: string, why: string): void {
        if (why !== 'revoked') return;
        settled(deviceId, 'refusal').catch((error: unknown) =>
          log.error({ err: error, deviceId }, 'could not settle the wipe by refusal'),
        );
      },

      onSettledElsewhere(wipeId: string, by: WipeSettledBy): void {
        waiters.get(wipeId)?.(by);
      },
    },
    hooks: {
      async onCommandAcked({ deviceId, command }) {
        // Whatever the status: the kiosk had the command and its credential is revoked either way.
        // The outbox row's id is the command's (outbox.ts enqueueCommand).
        if (command.type === 'wipe') await settled(deviceId, 'ack', command.id);
      },
    },
  };
}
