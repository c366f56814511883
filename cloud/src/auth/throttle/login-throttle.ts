import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { MakeLimiter } from '../../kernel/ports.js';
import {
  ACCOUNT_FAILURES_PER_HOUR,
  ACCOUNT_POLICY,
  delayAfterFailures,
  FAILURE_MEMORY_MS,
  IP_POLICY,
  type ThrottlePolicy,
} from './policy.js';

type LimiterOptions = Parameters<MakeLimiter>[0];
/** The store-backed limiter rate-limiter-flexible offers; RateLimiterRedis has the same surface. */
type Limiter = Pick<RateLimiterMemory, 'get' | 'penalty' | 'block' | 'delete' | 'points'>;

export interface ThrottleKeys {
  /** A login name or subject id, already normalised by the caller; omit for IP-only accounting. */
  readonly account?: string | undefined;
  readonly ip?: string | null | undefined;
}

export interface LoginThrottle {
  /** How long the caller must wait before this attempt may proceed; 0 = proceed. */
  retryAfterMs(keys: ThrottleKeys): Promise<number>;
  recordFailure(keys: ThrottleKeys): Promise<void>;
  /** A success clears the account's consecutive failures (never the IP's, nor the hourly count). */
  recordSuccess(account: string): Promise<void>;
}

export interface LoginThrottleOptions {
  account?: ThrottlePolicy;
  ip?: ThrottlePolicy;
  accountFailuresPerHour?: number;
  /**
   * Makes each limiter. In memory by default (one cloud node). With REDIS_URL the node passes RateLimiterRedis
   * (cluster/limiters.ts) so every node sees the same counts.
   */
  limiter?: MakeLimiter;
}

/**
 * Throttles password and second-factor attempts per account and per IP (rate-limiter-flexible). Its limiters
 * read Date.now() themselves, so tests drive time with vitest's faked Date rather than an injected Clock.
 */
export function createLoginThrottle(options: LoginThrottleOptions = {}): LoginThrottle {
  const make: (o: LimiterOptions) => Limiter = options.limiter ?? ((o) => new RateLimiterMemory(o));
  const policies = { a: options.account ?? ACCOUNT_POLICY, i: options.ip ?? IP_POLICY };
  const failures = make({ keyPrefix: 'sv-auth-fail', points: 1e9, duration: FAILURE_MEMORY_MS / 1000 });
  const waits = make({ keyPrefix: 'sv-auth-wait', points: 1, duration: 1 });
  const hourly = make({
    keyPrefix: 'sv-auth-hour',
    points: options.accountFailuresPerHour ?? ACCOUNT_FAILURES_PER_HOUR,
    duration: 3600,
  });

  const keysOf = (keys: ThrottleKeys) => [
    ...(keys.account ? [{ kind: 'a' as const, key: `a:${keys.account}` }] : []),
    ...(keys.ip ? [{ kind: 'i' as const, key: `i:${keys.ip}` }] : []),
  ];
  // A memory limiter still returns an expired record until its timer deletes it: only a future expiry counts.
  const live = (res: { msBeforeNext: number; consumedPoints: number } | null) =>
    res && res.msBeforeNext > 0 ? res : null;

  return {
    async retryAfterMs(keys) {
      let wait = 0;
      for (const { kind, key } of keysOf(keys)) {
        const blocked = live(await waits.get(key));
        if (blocked && blocked.consumedPoints > waits.points) wait = Math.max(wait, blocked.msBeforeNext);
        if (kind === 'a') {
          const hour = live(await hourly.get(key));
          if (hour && hour.consumedPoints >= hourly.points) wait = Math.max(wait, hour.msBeforeNext);
        }
      }
      return wait;
    },
    async recordFailure(keys) {
      for (const { kind, key } of keysOf(keys)) {
        const res = await failures.penalty(key, 1);
        const delay = delayAfterFailures(res.consumedPoints, policies[kind]);
        if (delay > 0) await waits.block(key, delay / 1000);
        if (kind === 'a') await hourly.penalty(key, 1);
      }
    },
    async recordSuccess(account) {
      await failures.delete(`a:${account}`);
      await waits.delete(`a:${account}`);
    },
  };
}

/** Account keys are case-insensitive, like the usernames people type. */
export function accountKey(username: string): string {
  return `login:${username.normalize('NFC').trim().toLowerCase()}`;
}
