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
  /**
   * How long the caller must wait before this attempt may proceed; 0 = proceed, and the attempt is then counted
   * as in flight for these keys until recordFailure or recordSuccess settles it (or IN_FLIGHT_MS passes).
   */
  retryAfterMs(keys: ThrottleKeys): Promise<number>;
  recordFailure(keys: ThrottleKeys): Promise<void>;
  /** A success clears the account's consecutive failures (never the IP's, nor the hourly count). */
  recordSuccess(account: string, ip?: string | null): Promise<void>;
  /** An attempt let through that ends with no verdict for these keys (counted neither way) is no longer in flight. */
  settle(keys: ThrottleKeys): void;
}

/** An attempt let through and never settled (a path that ended early) stops counting as in flight after this. */
export const IN_FLIGHT_MS = 30_000;
/** The wait for an attempt refused only because others for the same key are still being checked. */
export const IN_FLIGHT_WAIT_MS = 1_000;

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

  /*
   * Attempts let through and not settled yet, per key (their expiry times). The check reads the counts, the
   * password or code is verified (argon2: tens of ms), and only then is a failure recorded: without this, parallel
   * attempts all passed the check before the first failure was counted (30 parallel wrong passwords on a fresh
   * account got 12 tries where the policy allows 5; the hourly cap was passed the same way). So an attempt in
   * flight counts as a failure for the next one's check: within the free failures they may run side by side,
   * beyond them one at a time. Reserved synchronously, before the limiter's reads, so two checks cannot both
   * see the other's slot empty. Per node: with REDIS_URL, each node of the cluster lets one through at a time.
   */
  const inFlight = new Map<string, number[]>();
  const pendingOf = (key: string) => {
    const now = Date.now();
    const list = (inFlight.get(key) ?? []).filter((expiry) => expiry > now);
    if (list.length > 0) inFlight.set(key, list);
    else inFlight.delete(key);
    return list;
  };
  const settle = (key: string) => {
    const list = pendingOf(key);
    list.shift();
    if (list.length === 0) inFlight.delete(key);
  };

  return {
    async retryAfterMs(keys) {
      const mine = keysOf(keys).map((k) => {
        const list = pendingOf(k.key);
        const before = list.length;
        list.push(Date.now() + IN_FLIGHT_MS);
        inFlight.set(k.key, list);
        return { ...k, before };
      });
      let wait = 0;
      for (const { kind, key, before } of mine) {
        const blocked = live(await waits.get(key));
        if (blocked && blocked.consumedPoints > waits.points) wait = Math.max(wait, blocked.msBeforeNext);
        const recorded = before > 0 ? (live(await failures.get(key))?.consumedPoints ?? 0) : 0;
        if (before > 0 && recorded + before >= policies[kind].freeFailures)
          wait = Math.max(wait, IN_FLIGHT_WAIT_MS);
        if (kind === 'a') {
          const hour = live(await hourly.get(key));
          const used = (hour?.consumedPoints ?? 0) + before;
          if (hour && hour.consumedPoints >= hourly.points) wait = Math.max(wait, hour.msBeforeNext);
          else if (before > 0 && used >= hourly.points) wait = Math.max(wait, IN_FLIGHT_WAIT_MS);
        }
      }
      if (wait > 0) for (const { key } of mine) settle(key);
      return wait;
    },
    async recordFailure(keys) {
      for (const { kind, key } of keysOf(keys)) {
        settle(key);
        const res = await failures.penalty(key, 1);
        const delay = delayAfterFailures(res.consumedPoints, policies[kind]);
        if (delay > 0) await waits.block(key, delay / 1000);
        if (kind === 'a') await hourly.penalty(key, 1);
      }
    },
    async recordSuccess(account, ip) {
      settle(`a:${account}`);
      if (ip) settle(`i:${ip}`);
      await failures.delete(`a:${account}`);
      await waits.delete(`a:${account}`);
    },
    settle(keys) {
      for (const { key } of keysOf(keys)) settle(key);
    },
  };
}

/** Account keys are case-insensitive, like the usernames people type. */
export function accountKey(username: string): string {
  return `login:${username.normalize('NFC').trim().toLowerCase()}`;
}
