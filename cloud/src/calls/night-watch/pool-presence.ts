import type { ClockTimer, EndReason } from '@screenvisit/protocol';
import { poolsWithMembersOnDuty, whoIsOnDuty } from '../../care/index.js';
import type { ConsoleHandover } from '../../kernel/ports.js';
import type { CallContext } from '../context.js';
import { PoolReachability } from './pool-reachability.js';
import type { NightWatchRouter } from './router.js';
import type { RouterEvent } from './router-types.js';

/**
 * How long a console switch holds the previous person in a pool's ring while the next person's console opens its
 * socket (the browser reconnects within a second or two; 15 s covers a slow shared computer). Longer would delay
 * the fallback for a console that never comes back.
 */
export const HANDOVER_HOLD_MS = 15_000;

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
 * (the registry), brought in line after every duty change and every console (dis)connect. Also raises the
 * "on duty but unreachable" alert (pool-reachability.ts).
 */
export class PoolPresence {
  readonly #deps: PresenceDeps;
  readonly #reachability: PoolReachability;
  /** The presence sweep in flight, and whether another must follow it (presenceChanged). */
  #sweep: Promise<void> | null = null;
  #again = false;
  /** Console switches in progress, by the previous person's id. */
  readonly #handovers = new Map<string, { to: string; pools: Set<string>; timer: ClockTimer }>();

  constructor(deps: PresenceDeps) {
    this.#deps = deps;
    const { ctx } = deps;
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
    const onDuty = (await this.#reachable(poolUnitId)).filter((m) => !busyElsewhere.has(m.staffId));
    const present = new Set(router.snapshot().members.map((m) => m.staffId));
    const wanted = new Set(onDuty.map((m) => m.staffId));
    for (const m of onDuty)
      if (!present.has(m.staffId))
        handle(
          router,
          {
            type: 'member_on_duty',
            staffId: m.staffId,
            displayName: m.displayName,
            idleSince: m.idleSince.getTime(),
          },
          'no_answer',
        );
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

  #connected(staffId: string): boolean {
    return this.#deps.ctx.registry.connectionsOf({ kind: 'staff', id: staffId }).length > 0;
  }

  /**
   * A staff console connected or its last socket closed (browser shut, network lost, laptop asleep: the
   * heartbeat cuts a silent socket). Every pool this node routes is brought in line at once, so a ringing call
   * moves on to a reachable member or escalates instead of ringing a closed console (issue 10 §2).
   * Used by: the call router's hello and endpointClosed.
   */
  presenceChanged(): void {
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
        this.presenceChanged();
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
   * The pool's members on duty with a console connected. On duty means reachable (issue 10 §2): a member counts
   * only while a console of theirs is connected. Raises or clears the unreachable alert on the way.
   */
  async #reachable(poolUnitId: string) {
    const { ctx } = this.#deps;
    const everyone = await whoIsOnDuty(ctx.db, poolUnitId);
    const onDuty = everyone.filter((m) => this.#connected(m.staffId));
    // A console switch under way is not "nobody reachable": its calls are held for the next person (above), and
    // an SMS "Opkald går til reserven. Tjek konsollerne nu." at every switch would be a false alarm.
    void this.#reachability
      .update(
        poolUnitId,
        everyone.map((m) => m.staffId),
        [...onDuty.map((m) => m.staffId), ...this.#holding(poolUnitId)],
      )
      .catch((error: unknown) => ctx.log.error({ err: error, poolUnitId }, 'reachability alert failed'));
    return onDuty;
  }

  /** A member who lost access (disabled) stops ringing in every pool at once. */
  memberGone(staffId: string): void {
    this.#release(staffId);
    for (const router of this.#deps.routers.values())
      void router.then((r) =>
        this.#deps.handle(r, { type: 'member_off_duty', staffId }, 'permission_revoked'),
      );
  }
}
