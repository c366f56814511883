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
type Limiter = Pick<RateLimiterMemory, 'get' | 'penalty' | 'reward' | 'block' | 'delete' | 'points'>;

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
  settle(keys: ThrottleKeys): Promise<void>;
}

/** An attempt let through and never settled (a path that ended early) stops counting as in flight after this. */
export const IN_FLIGHT_MS = 30_000;
/** The wait for an attempt refused only because others for the same key are still being checked. */
export const IN_FLIGHT_WAIT_MS = 1_000;
/**
 * Attempts in flight are counted per key and slice of this length (of Date.now()). Within one slice the order of
 * the store's increments decides exactly; a burst that straddles a slice's end may be refused one attempt more
 * (never let through one more). Tests that count a burst's outcomes exactly start it well inside a slice.
 */
export const IN_FLIGHT_SLICE_MS = IN_FLIGHT_MS / 2;

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
   * Attempts in flight. INVARIANTS:
   * 1. An attempt let through holds a slot for each of its keys from BEFORE its check reads any count until its
   *    verdict is stored. The check reads the counts, the password or code is verified (argon2: tens of ms), and
   *    only then is a failure recorded: without the slots, parallel attempts all passed the check before the first
   *    failure was recorded (30 parallel wrong passwords on a fresh account got 12 tries where the policy allows 5).
   *    So a slot counts as a failure for the next check: within the free failures attempts run side by side,
   *    beyond them one at a time.
   * 2. The slots live in the limiters' store (Redis with REDIS_URL, memory on one node), so one account is one at
   *    a time across every node: kept per node, each node let the free failures through, then one at a time.
   *    A slot is an atomic increment (penalty: INCR with expiry in Redis) awaited before the reads, so of two
   *    checks of one key at least one sees the other's slot.
   * 3. recordFailure gives the slot back only AFTER the failure and its wait are stored: recorded failures plus
   *    slots always cover every attempt that got a check.
   * 4. A slot never given back (a path that ended early) stops counting IN_FLIGHT_MS after it was taken at the
   *    latest. Slots are counted per slice of IN_FLIGHT_SLICE_MS; a check reads its own slice and both neighbours
   *    (the next one too: another node's increment may reach the store first while this node's clock still
   *    names the slice before). One counter per key with an expiry of its own would forget every slot in flight
   *    whenever it expired (a burst timed at its end got twice the free failures).
   * 5. A slot is given back only to the slice it was counted in, and only while that slice is still read; the
   *    slice's counter lives a slice longer than that, so a reward never lands on an expired counter (which would
   *    start the next one at -1: an attempt more). This node remembers where its own slots are (`held`); the
   *    counts themselves are only in the store.
   */
  const flights = make({
    keyPrefix: 'sv-auth-flight',
    points: 1e9,
    duration: (3 * IN_FLIGHT_SLICE_MS) / 1000,
  });
  const sliceOf = (ms: number) => Math.floor(ms / IN_FLIGHT_SLICE_MS);
  const slotKey = (key: string, slice: number) => `${key}@${slice}`;
  const stillRead = (slice: number) => Date.now() < (slice + 2) * IN_FLIGHT_SLICE_MS;
  const held = new Map<string, number[]>();
  const heldSlices = (key: string) => (held.get(key) ?? []).filter(stillRead);

  /** Takes a slot for `key`; resolves to how many other slots of the key are held. */
  const takeSlot = async (key: string) => {
    const slice = sliceOf(Date.now());
    const own = await flights.penalty(slotKey(key, slice), 1);
    held.set(key, [...heldSlices(key), slice]);
    if (held.size > 1_000) for (const k of held.keys()) if (heldSlices(k).length === 0) held.delete(k);
    const around = await Promise.all([slice - 1, slice + 1].map((s) => flights.get(slotKey(key, s))));
    return around.reduce(
      (sum, res) => sum + Math.max(0, live(res)?.consumedPoints ?? 0),
      Math.max(0, own.consumedPoints - 1),
    );
  };
  const giveBack = async (key: string) => {
    const slices = heldSlices(key);
    const slice = slices.shift();
    if (slices.length > 0) held.set(key, slices);
    else held.delete(key);
    if (slice !== undefined) await flights.reward(slotKey(key, slice), 1);
  };

  return {
    async retryAfterMs(keys) {
      const mine = await Promise.all(
        keysOf(keys).map(async (k) => ({ ...k, before: await takeSlot(k.key) })),
      );
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
      if (wait > 0) await Promise.all(mine.map(({ key }) => giveBack(key)));
      return wait;
    },
    async recordFailure(keys) {
      for (const { kind, key } of keysOf(keys)) {
        const res = await failures.penalty(key, 1);
        const delay = delayAfterFailures(res.consumedPoints, policies[kind]);
        if (delay > 0) await waits.block(key, delay / 1000);
        if (kind === 'a') await hourly.penalty(key, 1);
        await giveBack(key); // only now (invariant 3)
      }
    },
    async recordSuccess(account, ip) {
      await failures.delete(`a:${account}`);
      await waits.delete(`a:${account}`);
      await giveBack(`a:${account}`);
      if (ip) await giveBack(`i:${ip}`);
    },
    async settle(keys) {
      for (const { key } of keysOf(keys)) await giveBack(key);
    },
  };
}

/** Account keys are case-insensitive, like the usernames people type. */
export function accountKey(username: string): string {
  return `login:${username.normalize('NFC').trim().toLowerCase()}`;
}
