import type { ClockTimer, EndReason } from '@screenvisit/protocol';
import { poolsWithMembersOnDuty, whoIsOnDuty } from '../../care/index.js';
import type { ConsoleHandover } from '../../kernel/ports.js';
import type { CallContext } from '../context.js';
import { consoleOf } from './console-sockets.js';
import { PoolReachability } from './pool-reachability.js';
import type { NightWatchRouter } from './router.js';
import type { RouterEvent } from './router-types.js';

/**
 * How long a console switch holds the previous person in a pool's ring while the next person's console opens its
 * socket (the browser reconnects within a second or two; 15 s covers a slow shared computer). Longer would delay
 * the fallback for a console that never comes back.
 */
export const HANDOVER_HOLD_MS = 15_000;

/**
 * How long a member on duty whose LAST console closed (a reload, a browser update, a network blip, a node gone)
 * stays in the ring of their pools and counts as reachable for the "nobody reachable" alert, waiting for a
 * console of theirs to come back. 6 s covers a page reload (the socket closes at once, the page loads and says
 * hello again in 1–3 s) and the browser's first four reconnect attempts after a blip (web/src/shared/call/
 * backoff.ts: at most 0.25 + 0.5 + 1 + 2 s apart). The trade-off: a console that is truly gone (a closed laptop,
 * a cut cable) sends a ringing call to the fallback, and texts the pool's responsible person, up to 6 s later
 * than before; a call ringing only that member under longest-idle waits as long before a colleague's console
 * rings. Longer would hold a resident on a dead console; shorter would send a reloading console's resident to
 * the fallback and wake the responsible person for a console that is back a second later. Off duty and a
 * disabled account (memberGone) drop at once, without it. A member whose console stays away longer while a call
 * they answered is still live is covered by that call's own resume grace instead (PoolPresence, "in a call").
 */
export const RECONNECT_GRACE_MS = 6_000;

/** What presence needs from the pools: their routers, and the one way events go into a router. */
export interface PresenceDeps {
  readonly ctx: CallContext;
  /** The pool's router, loaded on first use. */
  routerOf(poolUnitId: string): Promise<NightWatchRouter>;
  /** The routers this node holds, by pool id. */
  readonly routers: ReadonlyMap<string, Promise<NightWatchRouter>>;
  /** Feeds an event to a router and applies its effects; `stopReason` is what consoles that stop ringing are told. */
  handle(router: NightWatchRouter, event: RouterEvent, stopReason: EndReason): void;
}

/**
 * Who a pool's router may ring (issue 10 §2): the members on duty (the database) AND with a console connected
 * (the registry: a socket of the night-watch console page, consoleOf; not a day page), brought in line after
 * every duty change and every console (dis)connect. Also raises the
 * "on duty but unreachable" alert (pool-reachability.ts).
 * Who counts as reachable for that alert (the rule, docs/architecture.md "night-watch routers"): a member on
 * duty whose account is open AND who has a console connected, OR is within a hold below, OR is a party of an
 * answered call still live on any node. The last is a console away longer than the reconnect grace in the
 * middle of a call (a network blip: the media is peer to peer and goes on): the member is coming back, into
 * that call, within the call's own resume grace (CALL_RECONNECT_GRACE_SECONDS, calls/reconnect.ts); when the
 * call ends without them the pool is checked again at once (callEnded) and raised then. Such a member is not
 * rung meanwhile (busy in the call), so the router's list is only the connected and the held. A closed account
 * (duty.ts accessEnded) counts for nothing, whatever socket of theirs a node has not cut yet.
 * Two holds keep a member in the ring without a console: a console switch under way (consoleHandover, keyed by
 * the previous person and the pools handed over) and a reconnect grace (RECONNECT_GRACE_MS, keyed by the person,
 * started when their last console closes). Neither survives the member going off duty or losing access.
 * Every node keeps its own holds: the closes and hellos they hang on reach every node (calls/cluster.ts), and
 * each node's routers ring the calls homed there.
 */
export class PoolPresence {
  readonly #deps: PresenceDeps;
  readonly #reachability: PoolReachability;
  /** The presence sweep in flight, and whether another must follow it (presenceChanged). */
  #sweep: Promise<void> | null = null;
  #again = false;
  /** Console switches in progress, by the previous person's id. */
  readonly #handovers = new Map<string, { to: string; pools: Set<string>; timer: ClockTimer }>();
  /** Members within their reconnect grace (RECONNECT_GRACE_MS), by id: the timer that ends it. */
  readonly #graces = new Map<string, ClockTimer>();
  /** By pool: its members on duty that its last check saw with a console (a grace starts only from there). */
  readonly #seen = new Map<string, Set<string>>();
  /** Members whose access ended (memberGone): their consoles closing starts no grace until one says hello again. */
  readonly #gone = new Set<string>();
  /** When presence last changed (a console closed or opened): a grace counts from there, not from the sweep. */
  #changedAt: number;

  constructor(deps: PresenceDeps) {
    this.#deps = deps;
    const { ctx } = deps;
    this.#changedAt = ctx.clock.now();
    this.#reachability = new PoolReachability({
      db: ctx.db,
      log: ctx.log,
      now: () => ctx.clock.now(),
      alerts: ctx.alerts,
      ...(ctx.claimOnce ? { claimOnce: ctx.claimOnce } : {}),
    });
  }

  /** Used by: placing a pool call, and the care API after on/off duty (router.dutyChanged). */
  async syncDuty(poolUnitId: string): Promise<void> {
    const { ctx, handle } = this.#deps;
    const router = await this.#deps.routerOf(poolUnitId);
    // A member in a call homed on another node is busy there; this node's router only knows its own calls
    // (issue 14 §2), so it does not ring them until that call ends (calls/cluster.ts re-syncs on its end).
    const busyElsewhere = new Set(
      ctx.store
        .summaries()
        .filter((c) => c.answererId !== null && c.state !== 'ringing' && !ctx.store.get(c.callId))
        .map((c) => c.answererId),
    );
    // Reachable, or within their reconnect grace: a reloading console keeps its member in the ring.
    // Not a member whose access ended, though their socket may still be closing (memberGone).
    const onDuty = (await this.#reachable(poolUnitId)).filter(
      (m) => !busyElsewhere.has(m.staffId) && !this.#gone.has(m.staffId),
    );
    // A member (re)joining the ring while still in a call of this pool here is busy with it: their console was
    // away longer than the reconnect grace (a slow reload mid-call) and came back within the call's own resume
    // grace (calls/reconnect.ts). Rung as free, they would hold the next resident at a console already in a call.
    const inCall = new Map(
      ctx.store
        .all()
        .filter((c) => c.pool?.poolUnitId === poolUnitId && c.machine.state !== 'ringing' && c.answerer)
        .map((c): [string, string] => [c.answerer!.endpoint.party.id, c.pool!.nwCallId]),
    );
    const present = new Set(router.snapshot().members.map((m) => m.staffId));
    const wanted = new Set(onDuty.map((m) => m.staffId));
    for (const m of onDuty) {
      if (present.has(m.staffId)) continue;
      const busyWith = inCall.get(m.staffId);
      handle(
        router,
        {
          type: 'member_on_duty',
          staffId: m.staffId,
          displayName: m.displayName,
          idleSince: m.idleSince.getTime(),
          ...(busyWith ? { busyWith } : {}),
        },
        'no_answer',
      );
    }
    for (const staffId of present)
      if (!wanted.has(staffId) && !this.#held(staffId, poolUnitId))
        handle(router, { type: 'member_off_duty', staffId }, 'no_answer');
  }

  /**
   * A shared console passes to the next person (issue 10 §1). The previous person goes off duty and their
   * socket closes before the next person's console has opened its own: on reachability alone, a resident's call
   * ringing at that moment found nobody on duty and went to the fallback, though the watch went on at the same
   * screen. So in these pools the previous person stays in the ring (their ringing calls are offered to the next
   * person as soon as that console connects, reconnect.ts `hello`) until the next person's console connects or
   * HANDOVER_HOLD_MS passes; then the usual rule applies: a console that never came back escalates.
   * Used by: the care API's console switch, before it hands the duty over (router.consoleHandover).
   */
  consoleHandover(handover: ConsoleHandover): void {
    const { ctx } = this.#deps;
    this.#release(handover.fromStaffId);
    if (handover.poolUnitIds.length === 0 || handover.fromStaffId === handover.toStaffId) return;
    const timer = ctx.clock.setTimeout(() => {
      this.#handovers.delete(handover.fromStaffId);
      this.presenceChanged();
    }, HANDOVER_HOLD_MS);
    this.#handovers.set(handover.fromStaffId, {
      to: handover.toStaffId,
      pools: new Set(handover.poolUnitIds),
      timer,
    });
  }

  /** Whether a member no longer reachable stays in this pool's ring: held by a console switch still under way. */
  #held(staffId: string, poolUnitId: string): boolean {
    const handover = this.#handovers.get(staffId);
    if (!handover?.pools.has(poolUnitId)) return false;
    if (!this.#connected(handover.to)) return true;
    // The next person's console is there: the hold ends in every pool at once.
    this.#release(staffId);
    return false;
  }

  /** The previous persons of the console switches under way in this pool (the next console not there yet). */
  #holding(poolUnitId: string): string[] {
    return [...this.#handovers]
      .filter(([, handover]) => handover.pools.has(poolUnitId) && !this.#connected(handover.to))
      .map(([from]) => from);
  }

  #release(fromStaffId: string): void {
    const handover = this.#handovers.get(fromStaffId);
    if (!handover) return;
    this.#deps.ctx.clock.clearTimeout(handover.timer);
    this.#handovers.delete(fromStaffId);
  }

  /** A console of theirs is open on any node: a socket that declared itself the night-watch console (consoleOf). */
  #connected(staffId: string): boolean {
    return consoleOf(this.#deps.ctx.registry, staffId).length > 0;
  }

  /**
   * A staff console connected or its last socket closed (browser shut, network lost, laptop asleep: the
   * heartbeat cuts a silent socket). Every pool this node routes is brought in line at once, so a ringing call
   * moves on to a reachable member or escalates instead of ringing a closed console (issue 10 §2).
   * Used by: the call router's hello and endpointClosed.
   */
  presenceChanged(): void {
    this.#changedAt = this.#deps.ctx.clock.now();
    this.#recheck();
  }

  /**
   * An answered call ended (hang-up, or its resume grace ran out without a party): a member it kept reachable
   * whose console is still away is not any more, so every pool is checked again. Not a presence change: a
   * reconnect grace still counts from the console's close. Used by: Pools.ended.
   */
  callEnded(): void {
    this.#recheck();
  }

  #recheck(): void {
    // Coalesced: connects and closes come in bursts (a ward's consoles after a network blip); one sweep runs at a
    // time and one more follows it if anything changed meanwhile, so the last change is always seen.
    if (this.#sweep) {
      this.#again = true;
      return;
    }
    this.#sweep = this.#sweepAll()
      .catch((error: unknown) =>
        this.#deps.ctx.log.error({ err: error }, 'night-watch presence sweep failed'),
      )
      .finally(() => {
        this.#sweep = null;
        if (!this.#again) return;
        this.#again = false;
        this.#recheck();
      });
  }

  /**
   * Every pool this node routes (its router must drop a member whose console closed) AND every pool with
   * someone on duty (the alert must fire for a pool no call has touched since start, issue 10 §2: its members
   * may have gone on duty before a restart, or on another node). A pool without a router gets only the
   * reachability check; its router is built by its first call, which syncs duty then.
   */
  async #sweepAll(): Promise<void> {
    const { ctx, routers } = this.#deps;
    const pools = new Set([...routers.keys(), ...(await poolsWithMembersOnDuty(ctx.db))]);
    await Promise.all(
      [...pools].map((poolUnitId) =>
        (routers.has(poolUnitId) ? this.syncDuty(poolUnitId) : this.#reachable(poolUnitId)).catch(
          (error: unknown) => ctx.log.error({ err: error, poolUnitId }, 'night-watch presence sync failed'),
        ),
      ),
    );
  }

  /**
   * The pool's members on duty with a console connected, and those within their reconnect grace: whom its
   * router may ring. On duty means reachable (issue 10 §2): a member counts only while their account is open
   * and a console of theirs is connected, or came back within RECONNECT_GRACE_MS of their last one closing.
   * Raises or clears the unreachable alert on the way (the rule in the class comment).
   */
  async #reachable(poolUnitId: string) {
    const { ctx } = this.#deps;
    const everyone = await whoIsOnDuty(ctx.db, poolUnitId);
    // A closed account covers nothing, on any node, after any restart: not only where memberGone was heard.
    const open = everyone.filter((m) => !m.accessEnded);
    const connected = open.filter((m) => this.#connected(m.staffId));
    const seenBefore = this.#seen.get(poolUnitId);
    for (const m of connected) this.#endGrace(m.staffId);
    for (const m of open)
      if (seenBefore?.has(m.staffId) && !this.#connected(m.staffId)) this.#startGrace(m.staffId);
    this.#seen.set(poolUnitId, new Set(connected.map((m) => m.staffId)));
    const graced = open.filter((m) => this.#graces.has(m.staffId) && !this.#connected(m.staffId));
    // In an answered call with the console away past its grace (a network blip mid-call): coming back into it.
    const inCall = this.#inLiveCalls();
    const calling = open.filter((m) => inCall.has(m.staffId) && !this.#connected(m.staffId));
    // The previous person of a console switch is off duty here already (not in `everyone`): held all the same.
    const closed = new Set(everyone.filter((m) => m.accessEnded).map((m) => m.staffId));
    // A console switch under way is not "nobody reachable": its calls are held for the next person (above), and
    // an SMS "Opkald går til reserven. Tjek konsollerne nu." at every switch would be a false alarm. Nor is a
    // console reloading within its grace, nor one away in the middle of a call.
    void this.#reachability
      .update(poolUnitId, everyone, [
        ...[...connected, ...graced, ...calling].map((m) => m.staffId),
        ...this.#holding(poolUnitId).filter((staffId) => !closed.has(staffId)),
      ])
      .catch((error: unknown) => ctx.log.error({ err: error, poolUnitId }, 'reachability alert failed'));
    return [...connected, ...graced];
  }

  /** Everyone who is a party of an answered call still live on any node (the cluster's call summaries). */
  #inLiveCalls(): Set<string> {
    const parties = new Set<string>();
    for (const c of this.#deps.ctx.store.summaries()) {
      if (c.state === 'ringing' || c.answererId === null) continue;
      parties.add(c.answererId);
      parties.add(c.callerId);
    }
    return parties;
  }

  /**
   * At start: who in every pool with someone on duty has a console connected now (the registry is the whole
   * cluster's), so a console that closes before this node's first check still gets its reconnect grace here.
   * Without it, a node started after a console connected (a rolling restart, a node added) knew nothing of it,
   * raised the pool at once on its close and sent its calls to the fallback, while the other node waited the
   * grace out. Raises and clears nothing: consoles may still be coming back (the startup check does that).
   * A pool a check has seen meanwhile keeps what that check saw. Used by: the call router, once, at start.
   */
  async primeSeen(): Promise<void> {
    const { db } = this.#deps.ctx;
    for (const poolUnitId of await poolsWithMembersOnDuty(db)) {
      if (this.#seen.has(poolUnitId)) continue;
      const open = (await whoIsOnDuty(db, poolUnitId)).filter((m) => !m.accessEnded);
      if (this.#seen.has(poolUnitId)) continue;
      this.#seen.set(
        poolUnitId,
        new Set(open.filter((m) => this.#connected(m.staffId)).map((m) => m.staffId)),
      );
    }
  }

  /**
   * A member on duty seen with a console at the last check has none now: their reconnect grace starts, counted
   * from the presence change that closed it (a sweep may run a moment later). None for a member whose console
   * passed to someone else (consoleHandover: the previous person is not coming back to it) or whose access
   * ended (memberGone: dropped at once), and none again while one runs.
   */
  #startGrace(staffId: string): void {
    if (this.#graces.has(staffId) || this.#gone.has(staffId) || this.#handovers.has(staffId)) return;
    const { clock, log } = this.#deps.ctx;
    const left = RECONNECT_GRACE_MS - (clock.now() - this.#changedAt);
    if (left <= 0) return;
    log.info({ staffId, graceMs: left }, 'night-watch console gone: held in the ring while it may come back');
    const timer = clock.setTimeout(() => {
      this.#graces.delete(staffId);
      // The usual rule from here: the member drops from the ring (their calls move on or escalate) and the pool
      // is checked for the alert.
      this.presenceChanged();
    }, left);
    this.#graces.set(staffId, timer);
  }

  #endGrace(staffId: string): void {
    const timer = this.#graces.get(staffId);
    if (timer === undefined) return;
    this.#deps.ctx.clock.clearTimeout(timer);
    this.#graces.delete(staffId);
  }

  /**
   * A console of this member said hello (a reload, a reconnect after a blip, a second tab): every call the pools'
   * routers ring them for rings at it too, answerable there. The member's presence itself is brought in line by
   * the presenceChanged that follows: their grace ends there, once the check sees the console connected (a console
   * that closed again at once leaves the grace running). Used by: the call router's hello, on every node
   * (cluster.ts sends hellos to all), so a call homed on another node rings the console wherever it is.
   */
  consoleOpened(staffId: string): void {
    // A new socket means a valid session again (a disabled member's were revoked): the person is back.
    this.#gone.delete(staffId);
    const { ctx, handle } = this.#deps;
    for (const router of this.#deps.routers.values())
      void router
        .then((r) => handle(r, { type: 'console_opened', staffId }, 'no_answer'))
        .catch((error: unknown) => ctx.log.error({ err: error, staffId }, 'ringing a new console failed'));
  }

  /** A member who lost access (disabled) stops ringing in every pool at once. */
  memberGone(staffId: string): void {
    this.#release(staffId);
    // No reconnect grace for them: their sockets close next (the Deactivator cuts them), and that must not hold
    // them in the ring or count them reachable.
    this.#gone.add(staffId);
    this.#endGrace(staffId);
    for (const seen of this.#seen.values()) seen.delete(staffId);
    for (const router of this.#deps.routers.values())
      void router.then((r) =>
        this.#deps.handle(r, { type: 'member_off_duty', staffId }, 'permission_revoked'),
      );
    // Checked at once, not only when a socket of theirs closes here: it may be open on a node the cut has not
    // reached, and the pool must not wait for that to learn that nobody is left.
    this.#recheck();
  }
}
