import type { Clock, ClockTimer } from '@screenvisit/protocol';
import { CareError } from '../../care/index.js';
import {
  ALLOWED_TRANSITIONS,
  ESCALATION_TEXT,
  type EscalationReason,
  type Executors,
  type PoolCallState,
  type PoolRouting,
  type RouterEffect,
  type RouterEvent,
  type TimerKind,
} from './router-types.js';

/**
 * Routes residents' calls to ONE night-watch pool (issue 4 §3).
 *
 * INVARIANTS
 * - handle() runs to completion before the next event (JS is single-threaded), so within one node the FIRST
 *   member_accepted for a call wins and every later one gets accept_refused. Across nodes, the transport
 *   must win claimNightWatchCall() (a conditional UPDATE) BEFORE passing member_accepted in here.
 * - A member rings for at most one call at a time only under longest_idle; under ring_all every free
 *   on-duty member rings for every ringing call, and accepting one stops their ringing for the others.
 * - A busy member (in a call) is never rung. The queue holds calls that found nobody free, in order of placing.
 * - Final states (accepted, escalated, missed) leave the router; late events for them are answered, not applied.
 */

interface Member {
  displayName: string;
  idleSince: number;
  busyWith: string | null;
}

interface Call {
  callId: string;
  citizenId: string;
  state: PoolCallState;
  placedAt: number;
  queuedAt: number | null;
  ringing: Set<string>;
  /** Members who declined or let it ring out: not rung again for this call. */
  tried: Set<string>;
  timers: Partial<Record<TimerKind, ClockTimer>>;
}

const FINISHED_MEMORY = 1_000;

export interface NightWatchRouterOptions {
  poolUnitId: string;
  routing: PoolRouting;
  clock: Clock;
  /** Effects caused by the router's own timers (ring timeouts, deadlines). */
  onEffects: (effects: RouterEffect[]) => void;
}

export class NightWatchRouter {
  readonly poolUnitId: string;
  readonly #routing: PoolRouting;
  readonly #clock: Clock;
  readonly #onEffects: (effects: RouterEffect[]) => void;
  readonly #members = new Map<string, Member>();
  readonly #calls = new Map<string, Call>();
  /** Recently finished calls: late accepts get "already taken" (and by whom) instead of "not ringing". */
  readonly #finished = new Map<string, PoolCallState>();
  #out: RouterEffect[] = [];

  constructor(options: NightWatchRouterOptions) {
    this.poolUnitId = options.poolUnitId;
    this.#routing = options.routing;
    this.#clock = options.clock;
    this.#onEffects = options.onEffects;
  }

  /** Applies one event and returns the effects to carry out, in order. */
  handle(event: RouterEvent): RouterEffect[] {
    this.#out = [];
    (this.#executors[event.type] as (e: RouterEvent) => void)(event);
    const effects = this.#out;
    this.#out = [];
    return effects;
  }

  /** Stops every timer and forgets the calls: this node no longer routes them (Pools.reset). */
  stop(): void {
    for (const call of this.#calls.values())
      for (const timer of Object.keys(call.timers) as TimerKind[]) this.#clear(call, timer);
    this.#calls.clear();
  }

  /** For "who is on duty now" and the visible queue on the consoles. */
  snapshot() {
    return {
      members: [...this.#members].map(([staffId, m]) => ({ staffId, ...m })),
      queue: this.#queue().map((c, i) => ({
        callId: c.callId,
        citizenId: c.citizenId,
        position: i + 1,
        since: c.queuedAt ?? c.placedAt,
      })),
      calls: [...this.#calls.values()].map((c) => ({
        callId: c.callId,
        state: c.state,
        ringing: [...c.ringing],
      })),
    };
  }

  readonly #executors: Executors = {
    call_placed: ({ callId, citizenId }) => {
      if (this.#calls.has(callId) || this.#finished.has(callId)) return;
      const call: Call = {
        callId,
        citizenId,
        state: 'ringing',
        placedAt: this.#clock.now(),
        queuedAt: null,
        ringing: new Set(),
        tried: new Set(),
        timers: {},
      };
      this.#calls.set(callId, call);
      this.#offer(call);
    },
    member_accepted: ({ callId, staffId }) => {
      const call = this.#calls.get(callId);
      if (!call) {
        const reason = this.#finished.get(callId) === 'accepted' ? 'already_taken' : 'not_ringing';
        this.#emit({ type: 'accept_refused', callId, staffId, reason });
        return;
      }
      const member = this.#members.get(staffId);
      if (!member || !call.ringing.has(staffId)) {
        this.#emit({ type: 'accept_refused', callId, staffId, reason: 'not_ringing' });
        return;
      }
      this.#transition(call, 'accepted');
      call.ringing.delete(staffId);
      const others = [...call.ringing];
      this.#stopRinging(call, others);
      if (others.length)
        this.#emit({ type: 'taken', callId, staffIds: others, byDisplayName: member.displayName });
      this.#emit({ type: 'connect', callId, citizenId: call.citizenId, staffId });
      this.#finish(call);
      member.busyWith = callId;
      // The member is busy now: stop ringing them for other calls, which then move on.
      for (const other of this.#calls.values()) {
        if (!other.ringing.has(staffId)) continue;
        this.#stopRinging(other, [staffId]);
        this.#offer(other);
      }
    },
    member_declined: ({ callId, staffId }) => {
      const call = this.#calls.get(callId);
      if (!call?.ringing.has(staffId)) return;
      this.#letGo(call, staffId);
    },
    timer_fired: ({ callId, timer }) => {
      const call = this.#calls.get(callId);
      if (!call) return;
      delete call.timers[timer];
      if (timer === 'answer_deadline') return this.#escalate(call, 'no_answer');
      if (timer === 'queue_deadline') return this.#escalate(call, 'queue_timeout');
      const current = [...call.ringing][0];
      if (current) this.#letGo(call, current);
    },
    member_on_duty: ({ staffId, displayName, idleSince, busyWith }) => {
      if (this.#members.has(staffId)) return;
      this.#members.set(staffId, { displayName, idleSince, busyWith: busyWith ?? null });
      if (busyWith === undefined) this.#memberAvailable(staffId);
    },
    member_off_duty: ({ staffId }) => {
      if (!this.#members.delete(staffId)) return;
      for (const call of [...this.#calls.values()]) {
        if (call.ringing.has(staffId)) this.#letGo(call, staffId);
      }
      if (this.#members.size === 0) for (const call of this.#queue()) this.#escalate(call, 'nobody_on_duty');
    },
    console_opened: ({ staffId }) => {
      for (const call of this.#calls.values())
        if (call.state === 'ringing' && call.ringing.has(staffId))
          this.#emit({
            type: 'ring',
            callId: call.callId,
            citizenId: call.citizenId,
            staffIds: [staffId],
            newConsolesOnly: true,
          });
    },
    member_free: ({ staffId }) => {
      const member = this.#members.get(staffId);
      if (!member) return;
      member.busyWith = null;
      member.idleSince = this.#clock.now();
      this.#memberAvailable(staffId);
    },
    caller_hung_up: ({ callId }) => {
      const call = this.#calls.get(callId);
      if (!call) return;
      const wasQueued = call.state === 'queued';
      this.#stopRinging(call, [...call.ringing]);
      this.#transition(call, 'missed');
      this.#emit({
        type: 'record_missed',
        callId,
        citizenId: call.citizenId,
        reason: 'caller_hung_up',
        callback: { kind: 'citizen', id: call.citizenId },
      });
      this.#finish(call);
      if (wasQueued) this.#emitQueue();
    },
  };

  #emit(effect: RouterEffect): void {
    this.#out.push(effect);
  }

  #transition(call: Call, next: PoolCallState): void {
    if (call.state === next) return;
    if (!ALLOWED_TRANSITIONS[call.state].includes(next))
      throw new CareError('invalid_transition', `night-watch call ${call.state} -> ${next} is not allowed`);
    call.state = next;
  }

  /** Free members, longest idle first (ties by id, so the order is deterministic). */
  #free(): string[] {
    return [...this.#members]
      .filter(([, m]) => m.busyWith === null)
      .sort(([a, ma], [b, mb]) => ma.idleSince - mb.idleSince || a.localeCompare(b))
      .map(([id]) => id);
  }

  #queue(): Call[] {
    return [...this.#calls.values()]
      .filter((c) => c.state === 'queued')
      .sort((a, b) => a.placedAt - b.placedAt || a.callId.localeCompare(b.callId));
  }

  /** Rings whoever should ring for `call` now, or queues or escalates it. */
  #offer(call: Call): void {
    if (this.#members.size === 0) {
      this.#escalate(call, 'nobody_on_duty');
      return;
    }
    const free = this.#free();
    const fresh = free.filter((id) => !call.tried.has(id) && !call.ringing.has(id));
    const ringAll = this.#routing.strategy === 'ring_all';
    const targets = ringAll ? fresh : call.ringing.size > 0 ? [] : fresh.slice(0, 1);
    if (call.ringing.size === 0 && targets.length === 0) {
      // Every free member has declined or let it ring out: escalate. Nobody free at all: wait in the queue.
      if (free.length > 0) this.#escalate(call, 'no_answer');
      else this.#enqueue(call);
      return;
    }
    if (targets.length === 0) return;
    const wasQueued = call.state === 'queued';
    this.#transition(call, 'ringing');
    if (wasQueued) {
      this.#clear(call, 'queue_deadline');
      this.#emitQueue();
    }
    for (const id of targets) call.ringing.add(id);
    this.#emit({ type: 'ring', callId: call.callId, citizenId: call.citizenId, staffIds: targets });
    this.#arm(call, 'answer_deadline', this.#routing.answerTimeoutMs);
    if (!ringAll) this.#arm(call, 'member_ring', this.#routing.memberRingMs, true);
  }

  /** A ringing member stops ringing for this call (declined, rang out, went off duty) and is not rung again. */
  #letGo(call: Call, staffId: string): void {
    call.tried.add(staffId);
    this.#stopRinging(call, [staffId]);
    if (call.ringing.size === 0) this.#offer(call);
  }

  #memberAvailable(staffId: string): void {
    // The head of the queue has waited longest: it goes first.
    const head = this.#queue()[0];
    if (head) this.#offer(head);
    if (this.#routing.strategy !== 'ring_all') return;
    for (const call of this.#calls.values()) {
      const member = this.#members.get(staffId);
      if (call.state === 'ringing' && member?.busyWith === null && !call.ringing.has(staffId))
        this.#offer(call);
    }
  }

  #enqueue(call: Call): void {
    this.#clear(call, 'answer_deadline');
    this.#clear(call, 'member_ring');
    this.#transition(call, 'queued');
    call.queuedAt ??= this.#clock.now();
    // The queue deadline counts from the first time the call had to wait, not from each re-queue.
    const waited = this.#clock.now() - call.queuedAt;
    this.#arm(call, 'queue_deadline', Math.max(0, this.#routing.queueTimeoutMs - waited));
    const position = this.#queue().findIndex((c) => c.callId === call.callId) + 1;
    this.#emit({ type: 'queued', callId: call.callId, citizenId: call.citizenId, position });
    this.#emitQueue();
  }

  #emitQueue(): void {
    this.#emit({
      type: 'queue_changed',
      queue: this.#queue().map((c, i) => ({
        callId: c.callId,
        citizenId: c.citizenId,
        position: i + 1,
        since: c.queuedAt ?? c.placedAt,
      })),
    });
  }

  #escalate(call: Call, reason: EscalationReason): void {
    const wasQueued = call.state === 'queued';
    this.#stopRinging(call, [...call.ringing]);
    const to = this.#routing.fallback;
    this.#transition(call, to.kind === 'none' ? 'missed' : 'escalated');
    const { callId, citizenId } = call;
    this.#emit({ type: 'escalate', callId, citizenId, reason, to, message: ESCALATION_TEXT[to.kind](to) });
    // Another pool takes over the call; otherwise the watch owes the resident a call back.
    if (to.kind !== 'pool')
      this.#emit({
        type: 'record_missed',
        callId,
        citizenId,
        reason,
        callback: { kind: 'citizen', id: citizenId },
      });
    this.#finish(call);
    if (wasQueued) this.#emitQueue();
  }

  #stopRinging(call: Call, staffIds: string[]): void {
    if (staffIds.length === 0) return;
    for (const id of staffIds) call.ringing.delete(id);
    this.#clear(call, 'member_ring');
    this.#emit({ type: 'stop_ringing', callId: call.callId, staffIds });
  }

  #arm(call: Call, timer: TimerKind, ms: number, restart = false): void {
    if (call.timers[timer] !== undefined) {
      if (!restart) return;
      this.#clear(call, timer);
    }
    call.timers[timer] = this.#clock.setTimeout(() => {
      const effects = this.handle({ type: 'timer_fired', callId: call.callId, timer });
      if (effects.length) this.#onEffects(effects);
    }, ms);
  }

  #clear(call: Call, timer: TimerKind): void {
    const handle = call.timers[timer];
    if (handle === undefined) return;
    this.#clock.clearTimeout(handle);
    delete call.timers[timer];
  }

  #finish(call: Call): void {
    for (const timer of Object.keys(call.timers) as TimerKind[]) this.#clear(call, timer);
    this.#calls.delete(call.callId);
    this.#finished.set(call.callId, call.state);
    if (this.#finished.size > FINISHED_MEMORY) this.#finished.delete(this.#finished.keys().next().value!);
  }
}
