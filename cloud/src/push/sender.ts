import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { rootCertificates } from 'node:tls';
import webpush, { WebPushError } from 'web-push';
import type { Db } from '../db/index.js';
import type { Logger } from '../kernel/logger.js';
import { callPush, type LockScreen } from './payload.js';
import { deleteSubscriptionById, type StoredSubscription, subscriptionsOfCitizen } from './subscriptions.js';
import type { VapidKeys } from './vapid-keys.js';

/** Wakes a citizen's own phones, tablets and PCs for an incoming call. Used by: calls/place.ts (via `wake`). */
export interface PushWaker {
  /** Sends the call push to every live subscription of the citizen; resolves to how many push services took it. */
  wakeCitizen(
    citizenId: string,
    call: { callId: string; callerDisplayName: string; ringForMs: number },
  ): Promise<number>;
}

export interface PushSenderDeps {
  readonly db: Db;
  readonly log: Logger;
  readonly vapid: VapidKeys;
  readonly lockScreen: LockScreen;
  readonly now: () => number;
  /** How long one push service may take before we give up on it (the call rings on regardless). */
  readonly timeoutMs?: number;
  /** An https.Agent trusting PUSH_EXTRA_CA_FILE; absent: the system's certificate authorities. */
  readonly agent?: Agent;
}

/**
 * Web Push through the maintained `web-push` library: payload encrypted per RFC 8291 (aes128gcm, RFC 8188),
 * VAPID-signed per RFC 8292, delivered per RFC 8030. A 404 or 410 from the push service means the
 * subscription is gone for good (RFC 8030 §7.3; browsers unsubscribe or the user revoked the permission):
 * it is deleted, so a phone that said no is not asked again.
 */
export function createPushSender(deps: PushSenderDeps): PushWaker {
  const sendOne = async (s: StoredSubscription, payload: string, ttlSeconds: number) => {
    try {
      await webpush.sendNotification(s, payload, {
        vapidDetails: deps.vapid,
        // RFC 8030 §5.2: a call push is useless after the ring ends; §5.3: high urgency wakes a sleeping phone.
        TTL: ttlSeconds,
        urgency: 'high',
        // RFC 8030 §5.4: a newer call push replaces an undelivered older one.
        topic: 'call',
        timeout: deps.timeoutMs ?? 5_000,
        ...(deps.agent ? { agent: deps.agent } : {}),
      });
      return true;
    } catch (error) {
      if (error instanceof WebPushError && (error.statusCode === 404 || error.statusCode === 410)) {
        await deleteSubscriptionById(deps.db, s.id);
        deps.log.info({ subscription: s.id, status: error.statusCode }, 'push subscription gone: removed');
      } else {
        deps.log.warn(
          {
            subscription: s.id,
            status: error instanceof WebPushError ? error.statusCode : undefined,
            reason: error instanceof Error ? error.message.slice(0, 200) : undefined,
          },
          'push not delivered',
        );
      }
      return false;
    }
  };
  return {
    async wakeCitizen(citizenId, call) {
      const subs = await subscriptionsOfCitizen(deps.db, citizenId);
      if (subs.length === 0) return 0;
      const payload = JSON.stringify(
        callPush({
          lockScreen: deps.lockScreen,
          callId: call.callId,
          callerDisplayName: call.callerDisplayName,
          ringsUntil: deps.now() + call.ringForMs,
        }),
      );
      const ttl = Math.max(1, Math.ceil(call.ringForMs / 1000));
      const sent = await Promise.all(subs.map((s) => sendOne(s, payload, ttl)));
      return sent.filter(Boolean).length;
    },
  };
}

/** Trusts the system's authorities plus one extra (PUSH_EXTRA_CA_FILE); read once at start-up. */
export function pushAgent(caFile: string): Agent {
  return new Agent({ ca: [...rootCertificates, readFileSync(caFile, 'utf8')], keepAlive: true });
}
