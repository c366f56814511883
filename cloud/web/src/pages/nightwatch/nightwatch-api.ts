import { z } from 'zod/mini';
import { apiFetch, PASSIVE } from '../../shared/api.js';

/** The care API routes the console uses (cloud/src/care/night-watch). */
const csrf = (token: string) => ({ 'x-csrf-token': token });

const Pool = z.object({ id: z.string(), name: z.string() });
export type Pool = z.infer<typeof Pool>;
const MyPools = z.object({ console: z.array(Pool), watch: z.array(Pool) });

const OnDuty = z.array(
  z.object({
    staffId: z.string(),
    displayName: z.string(),
    since: z.string(),
    idleSince: z.string(),
    reachable: z.boolean(),
  }),
);
export type OnDuty = z.infer<typeof OnDuty>;

const Shift = z.object({
  id: z.string(),
  poolName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  overridesShiftId: z.nullable(z.string()),
});
export type Shift = z.infer<typeof Shift>;

const Missed = z.array(
  z.object({
    callId: z.string(),
    citizenId: z.string(),
    citizenName: z.string(),
    placedAt: z.string(),
    reason: z.nullable(z.string()),
  }),
);
export type MissedCall = z.infer<typeof Missed>[number];

const Waiting = z.array(
  z.object({
    callId: z.string(),
    citizenId: z.string(),
    citizenName: z.string(),
    waitingSince: z.string(),
    position: z.number(),
  }),
);
export type WaitingCall = z.infer<typeof Waiting>[number];

const Switched = z.object({ stage: z.literal('full'), csrfToken: z.string(), displayName: z.string() });

/**
 * The pools the cloud gives this person, by name (GET /api/night-watch/my-pools, care/night-watch/led-pools.ts):
 * `console` those her console works in, `watch` those she may watch at /watch/. The pages used to work these
 * out from /api/units themselves, a second copy of the cloud's rule that could drift from it.
 */
export function myNightWatchPools(signal?: AbortSignal): Promise<z.infer<typeof MyPools>> {
  return apiFetch('/api/night-watch/my-pools', {
    ...(signal ? { signal } : {}),
    parse: (j) => MyPools.parse(j),
  });
}

/** The pools this console works in (the first one is the console's). */
export async function myPools(signal?: AbortSignal): Promise<Pool[]> {
  return (await myNightWatchPools(signal)).console;
}

const pool = (id: string) => `/api/night-watch/pools/${encodeURIComponent(id)}`;

export function onDuty(poolId: string, signal: AbortSignal): Promise<OnDuty> {
  return apiFetch(`${pool(poolId)}/on-duty`, { signal, headers: PASSIVE, parse: (j) => OnDuty.parse(j) });
}

export function setDuty(token: string, poolId: string, value: boolean): Promise<OnDuty> {
  return apiFetch(`${pool(poolId)}/duty`, {
    method: 'POST',
    headers: csrf(token),
    body: { onDuty: value },
    parse: (j) => OnDuty.parse(j),
  });
}

export function myWatches(signal: AbortSignal): Promise<Shift[]> {
  return apiFetch('/api/night-watch/my-watches', {
    signal,
    headers: PASSIVE,
    parse: (j) => z.array(Shift).parse(j),
  });
}

export function missedCalls(poolId: string, signal: AbortSignal): Promise<MissedCall[]> {
  return apiFetch(`${pool(poolId)}/missed-calls`, {
    signal,
    headers: PASSIVE,
    parse: (j) => Missed.parse(j),
  });
}

/** The pool's queue (calls waiting while everyone is busy); passive, so polling keeps no session alive. */
export function waitingCalls(poolId: string, signal: AbortSignal): Promise<WaitingCall[]> {
  return apiFetch(`${pool(poolId)}/queue`, { signal, headers: PASSIVE, parse: (j) => Waiting.parse(j) });
}

export function callbackDone(token: string, callId: string): Promise<null> {
  return apiFetch(`/api/night-watch/missed-calls/${encodeURIComponent(callId)}/callback-done`, {
    method: 'POST',
    headers: csrf(token),
    parse: () => null,
  });
}

/**
 * "Skift person", from an open or a LOCKED console (the locked session's CSRF token): the server checks the new
 * person's code, carries the duty over, and with `previousOffDuty` takes the previous person off duty.
 */
export function switchConsole(token: string, username: string, code: string, previousOffDuty: boolean) {
  return apiFetch('/api/night-watch/console/switch', {
    method: 'POST',
    headers: csrf(token),
    body: { username, code, previousOffDuty },
    parse: (j) => Switched.parse(j),
  });
}

const Caller = z.object({ citizenId: z.string(), citizenName: z.string(), place: z.string() });

/**
 * Who is calling (issue 10 §1): the ring frame names only the place, so an UNLOCKED console reads the name here.
 * Passive: a ring is not the person's activity, so it must not keep an idle session from locking.
 */
export function caller(poolId: string, citizenId: string): Promise<z.infer<typeof Caller>> {
  return apiFetch(`${pool(poolId)}/callers/${encodeURIComponent(citizenId)}`, {
    headers: PASSIVE,
    parse: (j) => Caller.parse(j),
  });
}

const OwnCitizens = z.array(z.object({ id: z.string(), displayName: z.string() }));

/**
 * The name of a citizen of the member's own units (the people search by id), null when not one: who may call
 * the member directly. Passive, like `caller`: reading a ringing caller's name is not the person's activity.
 */
export async function ownCitizenName(citizenId: string): Promise<string | null> {
  const query = new URLSearchParams({ q: '', limit: '1', ids: citizenId });
  const hits = await apiFetch(`/api/people/citizens?${query}`, {
    headers: PASSIVE,
    parse: (j) => OwnCitizens.parse(j),
  });
  return hits.find((h) => h.id === citizenId)?.displayName ?? null;
}
