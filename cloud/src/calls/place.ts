import { randomUUID } from 'node:crypto';
import type { CallPlace, PartyRef } from '@screenvisit/protocol';
import type { z } from 'zod';
import {
  auditAutoAnswer,
  type CallAttempt,
  chainFallbackPhoneOf,
  decideAutoAnswer,
  loadAutoAnswerPolicy,
} from '../care/index.js';
import { CallMachine } from './call-machine.js';
import { type CallContext, v } from './context.js';
import { ROUTER_REFUSAL_TEXT } from './messages.js';
import {
  citizenOfDevice,
  devicesOfCitizen,
  loadPerson,
  membersOf,
  type Person,
  slotBelongs,
  timeZoneOf,
  unitOf,
} from './parties.js';
import { writeUnreachableRecord } from './records.js';
import type { PoolCalls } from './types.js';
import { deviceEndpointId, type Endpoint, type LiveCall, type Party } from './types.js';

type Place = z.infer<typeof CallPlace>;

/** What was dialled, resolved: the party the permission service judges, and whose endpoints ring. */
type Target =
  | { kind: 'person'; party: Party; onlyDevice: string | null }
  | { kind: 'night_watch'; poolUnitId: string }
  | { kind: 'unit'; unitId: string };

async function resolveTarget(ctx: CallContext, to: PartyRef): Promise<Target | null> {
  if (to.kind === 'staff' || to.kind === 'citizen')
    return { kind: 'person', party: { kind: to.kind, id: to.id }, onlyDevice: null };
  if (to.kind === 'device') {
    const owner = await citizenOfDevice(ctx.db, to.id);
    return owner
      ? { kind: 'person', party: { kind: 'citizen', id: owner.citizenId }, onlyDevice: to.id }
      : null;
  }
  const unit = await unitOf(ctx.db, to.id);
  if (!unit) return null;
  return unit.kind === 'night_watch_pool'
    ? { kind: 'night_watch', poolUnitId: to.id }
    : { kind: 'unit', unitId: to.id };
}

/** Every live endpoint of a person: all their browser tabs, and a citizen's online kiosks. */
export async function endpointsOf(
  ctx: CallContext,
  party: Party,
  onlyDevice: string | null,
): Promise<Endpoint[]> {
  const deviceIds = onlyDevice
    ? [onlyDevice]
    : party.kind === 'citizen'
      ? await devicesOfCitizen(ctx.db, party.id)
      : [];
  const tabs = onlyDevice ? [] : ctx.registry.connectionsOf(party).map((id) => ({ id, owner: party, party }));
  const kiosks = deviceIds
    .filter((id) => ctx.registry.connectionsOf({ kind: 'device', id }).length > 0)
    .map((id) => ({ id: deviceEndpointId(id), owner: { kind: 'device' as const, id }, party }));
  return [...tabs, ...kiosks];
}

/** In an answered call on any node (the store's summaries cover the whole cluster). */
const isBusy = (ctx: CallContext, party: Party) =>
  ctx.store
    .summaries()
    .some((c) => c.state !== 'ringing' && (c.callerId === party.id || c.answererId === party.id));

/**
 * call.place from any transport. Asks the permission service on EVERY attempt (issue 4 §5); everything
 * asynchronous happens before the call exists, so once it is in the store every step is synchronous and the
 * first accept wins on this node.
 */
export async function placeCall(ctx: CallContext, pools: PoolCalls, from: Endpoint, m: Place): Promise<void> {
  const caller = await loadPerson(ctx.db, from.party);
  const fail = (
    code: 'not_permitted' | 'callee_offline' | 'callee_busy',
    municipalityId: string | null,
    detail?: string,
  ) =>
    ctx.refuse(from, m.requestId, code, ROUTER_REFUSAL_TEXT[code] ?? '', {
      municipalityId,
      to: m.to,
      ...(detail ? { detail } : {}),
    });
  if (!caller) return fail('not_permitted', null, 'unknown_caller');
  const target = await resolveTarget(ctx, m.to);
  if (!target) return fail('not_permitted', caller.municipalityId, 'unknown_callee');
  const attempt: CallAttempt = {
    from: from.party,
    to:
      target.kind === 'person'
        ? target.party
        : { kind: 'unit', id: target.kind === 'night_watch' ? target.poolUnitId : target.unitId },
  };
  const decision = await ctx.permissions.decide(caller.municipalityId, attempt);
  if (!decision.allowed) {
    // A resident refused the night watch (outside her hours) is given the number such a call ends with when
    // nobody takes it, as a kiosk does from its config and as any unanswered night-watch call does: the kiosk
    // showed it, her own phone's page did not, for the same refusal.
    const fallbackPhone =
      target.kind === 'night_watch' ? await chainFallbackPhoneOf(ctx.db, target.poolUnitId) : null;
    return ctx.refuse(
      from,
      m.requestId,
      decision.reason,
      decision.message.da,
      { municipalityId: caller.municipalityId, to: m.to, detail: decision.detail },
      { nextAllowedAt: decision.nextAllowedAt, fallbackPhone: fallbackPhone ?? undefined },
    );
  }
  if (target.kind === 'night_watch') return pools.place(from, m, caller, attempt, target.poolUnitId);

  let ring: Endpoint[];
  if (target.kind === 'unit') {
    const members = await membersOf(ctx.db, target.unitId);
    ring = (await Promise.all(members.map((id) => endpointsOf(ctx, { kind: 'staff', id }, null)))).flat();
  } else {
    if (isBusy(ctx, target.party)) {
      await noteUnreachable(ctx, from, caller.municipalityId, target);
      return fail('callee_busy', caller.municipalityId);
    }
    ring = await endpointsOf(ctx, target.party, target.onlyDevice);
  }
  ring = ring.filter((e) => e.id !== from.id);
  const callId = randomUUID();
  // A citizen's phones, tablets and PCs are woken by push; a woken page says hello and rings through ringLate
  // (reconnect.ts). Kiosks are always online and have no push.
  const woken = await wakeCitizenBrowsers(ctx, target, callId, caller.displayName);
  if (ring.length === 0 && woken === 0) {
    await noteUnreachable(ctx, from, caller.municipalityId, target);
    return fail('callee_offline', caller.municipalityId);
  }

  const at = new Date(ctx.clock.now());
  let autoAnswerAfterMs: number | null = null;
  if (target.kind === 'person' && target.party.kind === 'citizen' && from.party.kind === 'staff') {
    const auto = decideAutoAnswer({
      policy: await loadAutoAnswerPolicy(ctx.db, target.party.id),
      caller: from.party,
      permission: decision,
      at,
      timeZone: await timeZoneOf(ctx.db, caller.municipalityId),
    });
    if (auto.autoAnswer) {
      autoAnswerAfterMs = auto.afterMs;
      // Audited when the cloud tells the screen to answer by itself (issue 4 §2).
      auditAutoAnswer(ctx.db, {
        municipalityId: caller.municipalityId,
        callId,
        citizenId: target.party.id,
        callerStaffId: from.party.id,
        at,
        afterMs: auto.afterMs,
      }).catch((error: unknown) => ctx.log.error({ err: error, callId }, 'auto-answer audit failed'));
    }
  }
  const slotId = await checkedSlot(ctx, m, caller, target);
  const call = newCall(ctx, { callId, from, m, caller, attempt, slotId, group: target.kind === 'unit' });
  call.autoAnswerAfterMs = autoAnswerAfterMs;
  // Whom it rings is in the call's FIRST snapshot, written (store.add) before any of them hears the ring: a node
  // adopting it tells them if it ends (issue 14 §4, calls/handover.ts). The ring goes out on the same Redis
  // connection after the write, so no adopter can read a snapshot without a page that already rings.
  for (const endpoint of ring) call.ringing.set(endpoint.id, endpoint);
  ctx.store.add(call);
  ctx.send(from.id, { v, type: 'call.ringing', requestId: m.requestId, callId, to: m.to });
  for (const endpoint of ring) offer(ctx, call, endpoint);
  call.timers.ring = ctx.clock.setTimeout(() => {
    delete call.timers.ring;
    ctx.transition(call, { type: 'end', reason: 'no_answer' });
  }, ctx.ringTimeoutMs);
  ctx.log.info({ callId, ringing: ring.length, slotId }, 'call ringing');
}

/**
 * A citizen's call to her team or to a staff member (her guide) that could ring nobody: nobody's page open, or the
 * guide busy in another call. Her team is told she tried (their day page lists it, care/day-plan/missed-calls.ts),
 * named as a call that rang is (records.ts: the dialled party, `pool` for a team dialled as a group).
 */
async function noteUnreachable(
  ctx: CallContext,
  from: Endpoint,
  municipalityId: string,
  target: Exclude<Target, { kind: 'night_watch' }>,
): Promise<void> {
  const callee =
    target.kind === 'unit'
      ? { kind: 'pool' as const, id: target.unitId }
      : target.party.kind === 'staff'
        ? { kind: 'staff' as const, id: target.party.id }
        : null;
  if (from.party.kind !== 'citizen' || !callee) return;
  await writeUnreachableRecord(ctx, {
    callId: randomUUID(),
    municipalityId,
    citizenId: from.party.id,
    callee,
  });
}

async function wakeCitizenBrowsers(
  ctx: CallContext,
  target: Target,
  callId: string,
  callerDisplayName: string,
): Promise<number> {
  if (!ctx.waker || target.kind !== 'person' || target.party.kind !== 'citizen' || target.onlyDevice)
    return 0;
  // Pushed even while one of her pages is open: a page open on the PC or on a tablet in a drawer says nothing
  // of the phone in her pocket, which slept through the call while any page of hers was connected. The service
  // worker shows no notification where a page of hers is on screen (that page rings by itself: sw.js).
  return ctx.waker
    .wakeCitizen(target.party.id, { callId, callerDisplayName, ringForMs: ctx.ringTimeoutMs })
    .catch((error: unknown) => {
      ctx.log.warn({ err: error, callId }, 'push wake failed: only open pages and kiosks ring');
      return 0;
    });
}

async function checkedSlot(
  ctx: CallContext,
  m: Place,
  caller: Person,
  target: Target,
): Promise<string | null> {
  if (!m.slotId) return null;
  const citizenId = target.kind === 'person' && target.party.kind === 'citizen' ? target.party.id : null;
  if (citizenId && (await slotBelongs(ctx.db, m.slotId, caller.municipalityId, citizenId))) return m.slotId;
  ctx.log.warn({ slotId: m.slotId }, 'call.place named a slot that is not this citizen’s: not recorded');
  return null;
}

export function newCall(
  ctx: CallContext,
  input: {
    callId: string;
    from: Endpoint;
    m: Place;
    caller: Person;
    attempt: CallAttempt;
    slotId: string | null;
    group: boolean;
  },
): LiveCall {
  return {
    callId: input.callId,
    requestId: input.m.requestId,
    municipalityId: input.caller.municipalityId,
    caller: input.from.party,
    callerDisplayName: input.caller.displayName,
    target: input.m.to,
    attempt: input.attempt,
    slotId: input.slotId,
    group: input.group,
    machine: new CallMachine(input.callId, ctx.log),
    callerEndpoint: input.from,
    ringing: new Map(),
    released: new Set(),
    answerer: null,
    early: null,
    held: null,
    pool: null,
    autoAnswerAfterMs: null,
    ringAt: ctx.clock.now(),
    answerAt: null,
    connectedAt: null,
    timers: {},
    callerTold: false,
  };
}

/**
 * Rings one endpoint for `call`, showing the caller's name (and telling a staff page what was dialled). `place`: a
 * night-watch call shows the resident's PLACE instead, since its ring also reaches idle-locked consoles
 * (pool-effects.ts); a caller's name is held back from a locked console by the socket table (locked-view.ts).
 */
export function offer(ctx: CallContext, call: LiveCall, endpoint: Endpoint, place?: string): void {
  call.ringing.set(endpoint.id, endpoint);
  ctx.send(
    endpoint.id,
    {
      v,
      type: 'call.incoming',
      callId: call.callId,
      from: { kind: call.caller.kind, id: call.caller.id },
      displayName: (place ?? call.callerDisplayName).slice(0, 80),
      ...(call.autoAnswerAfterMs !== null ? { autoAnswerAfterMs: call.autoAnswerAfterMs } : {}),
      // What was dialled, to staff pages only (protocol CallIncoming `dialled`): a day page rings for the person and
      // the team, never for a pool; a kiosk's strict schema from before the field would refuse the frame.
      ...(endpoint.owner.kind === 'staff' ? { dialled: dialled(call, place) } : {}),
    },
    place === undefined ? undefined : { displayNameIsPlace: true },
  );
}

/**
 * What the caller dialled, as resolved (not `call.target` as placed: a citizen's page calls her team as
 * `{ kind: 'pool', id: <team unit> }`, citizens/callable-staff.ts, as a resident calls the night watch). A pool's
 * ring is the only one that shows a place.
 */
function dialled(call: LiveCall, place: string | undefined): 'person' | 'team' | 'night_watch' {
  if (place !== undefined || call.pool) return 'night_watch';
  return call.group ? 'team' : 'person';
}
