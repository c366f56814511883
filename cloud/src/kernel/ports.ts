import type { Clock } from '@screenvisit/protocol';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AuditActorKind, Database } from '../db/index.js';
import type { CloudConfig } from './config.js';
import type { Logger } from './logger.js';

/**
 * The ports: the interfaces features use to reach each other and the node's shared parts (issue 9). A feature
 * declares its own small `Deps` from these; node/ builds the implementations and is the only place that knows
 * them all. This module imports no feature (depcruise rule `kernel-imports-no-feature`).
 *
 * Per-node state behind these ports (docs/architecture.md, "State per node"): the live calls and night-watch
 * queues behind CallControl, the socket table and connection registry behind ConnectionCutter.
 */

/** What nearly every feature takes: configuration, the database, a logger and the injected clock. */
export interface CoreDeps {
  readonly config: CloudConfig;
  readonly db: Database;
  readonly log: Logger;
  readonly clock: Clock;
}

/**
 * Makes a rate-limiter-flexible limiter: RateLimiterMemory on one node; RateLimiterRedis (with a memory
 * insurance limiter while Redis is unreachable) when REDIS_URL is set, so every node counts the same failures
 * (issue 14). Built by node/ (cluster/limiters.ts). Used by: the login throttle, unlock-PIN strikes, the
 * citizen throttles and a kiosk's rtc.config.request limit (calls/ice-refresh.ts).
 */
export type MakeLimiter = (options: {
  readonly keyPrefix: string;
  readonly points: number;
  readonly duration: number;
}) => RateLimiterAbstract;

/**
 * This node's liveness in the cluster (issue 14 §2/§4), from ONE source: the realtime bus's key in Redis
 * (realtime/cluster/bus.ts), which fences the node when it cannot renew it in time. The device directory
 * (cluster/directory.ts) reads it instead of keeping a liveness of its own, so a fenced node is dead for the
 * kiosk directory exactly when it is dead for calls and sockets. Null on a single node (no Redis).
 */
export interface NodeLiveness {
  /** The one id of this node in Redis: the bus, the registry, the device directory and the broker. */
  readonly nodeId: string;
  /** Nodes alive as last checked (this one included while it is not fenced). */
  liveNodes(): readonly string[];
  /** Lost its liveness (or rejoining after that): it claims nothing in shared state. */
  fenced(): boolean;
}

/** Who ended someone's access, for the audit log. */
export interface DeactivationActor {
  readonly kind: AuditActorKind;
  readonly id: string | null;
  readonly ip: string | null;
}

export interface DeactivationOutcome {
  /** false when the subject was already disabled/revoked (the cut is repeated anyway, nothing is audited). */
  readonly changed: boolean;
  readonly sessionsRevoked: number;
  readonly connectionsClosed: number;
  /** Closing a citizen: the labels of the kiosks she borrowed, now to be fetched from her home (else empty). */
  readonly kiosksToCollect: string[];
}

export type DeactivationReason = 'support' | 'scim' | 'inactivity' | 'erasure' | 'service_ended';

/**
 * Ends someone's or some device's access at once (accounts/deactivator.ts). Used by: POST /api/staff/:id/disable,
 * POST /api/citizens/:id/disable, POST /api/devices/:id/revoke, SCIM `active: false` and DELETE, the
 * inactivity job, GDPR erasure. Every path goes through here so "within 1 s" holds for all of them:
 * the row is marked, sessions revoked, and live sockets cut in the same call, not by a later sweep.
 */
export interface Deactivator {
  disableStaff(
    municipalityId: string,
    staffId: string,
    actor: DeactivationActor,
    reason: DeactivationReason,
  ): Promise<DeactivationOutcome>;
  disableCitizen(
    municipalityId: string,
    citizenId: string,
    actor: DeactivationActor,
    reason: DeactivationReason,
  ): Promise<DeactivationOutcome>;
  revokeDevice(
    municipalityId: string,
    deviceId: string,
    actor: DeactivationActor,
    reason: DeactivationReason,
  ): Promise<DeactivationOutcome>;
}

/**
 * Ends the kiosk loan of a citizen being closed (devices/closed-citizen-loan.ts). Used by: the Deactivator's
 * disableCitizen, so every way of closing her (support, inactivity, erasure, end of service) ends it alike.
 * Returns the kiosks whose credential it revoked (to cut now) and the labels support must fetch.
 */
export interface ClosedCitizenLoans {
  endLoansOf(
    municipalityId: string,
    citizenId: string,
    actor: DeactivationActor,
    reason: DeactivationReason,
  ): Promise<{ readonly revokedDeviceIds: readonly string[]; readonly labels: string[] }>;
}

/** A call waiting in a night-watch pool's queue; `waitingSince` in epoch ms of the clock. */
export interface QueuedCallView {
  callId: string;
  citizenId: string;
  waitingSince: number;
  position: number;
}

/**
 * The call router's hooks for the care API (calls/router.ts implements them): re-check live calls against the
 * permission service after a relation closes, ring queued calls after a duty change, read a pool's queue, tell
 * whether an on-duty member is reachable.
 */
export interface CallControl {
  recheckPermissions(): Promise<number>;
  dutyChanged(poolUnitId: string): Promise<void>;
  /**
   * A night-watch console of this staff member is connected now, not just any page of theirs (issue 10 §2: on
   * duty means reachable; calls/night-watch/console-sockets.ts).
   */
  reachable(staffId: string): boolean;
  /**
   * A citizen could be rung now: a browser page of theirs or a kiosk lent to them is connected (issue 12 §6:
   * the day plan shows who is online before calling). Read from the connection registry, so it is per node.
   */
  citizenReachable(citizenId: string): Promise<boolean>;
  /** The pool's waiting calls, head first. */
  queueOf(poolUnitId: string): Promise<QueuedCallView[]>;
  /**
   * A shared console passes from one person to the next in these pools: calls ringing there keep ringing for the
   * next person's console instead of going to the fallback while it reconnects (calls/night-watch/pool-presence.ts).
   */
  consoleHandover(handover: ConsoleHandover): void;
}

/** The pools where the next person took over the watch at a switched console (care's console switch). */
export interface ConsoleHandover {
  readonly fromStaffId: string;
  readonly toStaffId: string;
  readonly poolUnitIds: readonly string[];
}

/**
 * Closes the signalling sockets opened under login sessions that just ended (realtime/ws implements it), so a
 * logout does not leave a socket that still rings or signals. Used by: POST /api/auth/logout,
 * /api/auth/logout-everywhere, DELETE /api/citizens/{id}/credentials/{credentialId} and
 * POST /api/staff/{id}/reset-access. Sessions that end without a request (idle, absolute timeout) are caught by the
 * WebSocket server's own session check (WS_SESSION_CHECK_SECONDS).
 */
export interface SessionSockets {
  closeSessions(sessionIds: readonly string[]): number;
}

/** Whether the MQTT broker is listening (for /readyz). */
export interface BrokerHealth {
  ready(): boolean;
}

/** The call a woken citizen's device is told about (shown on the lock screen; the page then says hello). */
export interface WakeCall {
  readonly callId: string;
  readonly callerDisplayName: string;
  readonly ringForMs: number;
}

/**
 * Wakes a citizen's own browsers whose page is closed, by Web Push (push/sender.ts implements it; issue 15).
 * Used by: calls/place.ts when a citizen has no open page. Resolves to how many subscriptions took the push.
 */
export interface CitizenWaker {
  wakeCitizen(citizenId: string, call: WakeCall): Promise<number>;
}

/**
 * The audit actions the night-watch runtime writes when a pool has people on duty but no console connected, and
 * when it is reachable again (issue 10 §2). Alerts and the watch view read them, so they live here, not in calls/.
 */
export const POOL_UNREACHABLE = 'night_watch.pool_unreachable';
export const POOL_REACHABLE_AGAIN = 'night_watch.pool_reachable';

/** Who ended a service case, for the audit lines the other features write. */
export interface CaseActor {
  readonly staffId: string;
  readonly ip: string | null;
}

/**
 * What ending a citizen's service case does in other features (issue 13 §3: "ended (relations closed, device
 * collected and wiped, credentials revoked)"). node/service-end.ts implements it from the existing actions:
 * care closes every open relation, the Deactivator revokes the citizen's access and bound browsers, the device
 * service revokes the lent kiosk and queues its wipe back to stock. Used by: service-case/actions.ts.
 */
export interface ServiceEnd {
  closeRelations(municipalityId: string, citizenId: string, actor: CaseActor): Promise<number>;
  revokeCredentials(municipalityId: string, citizenId: string, actor: CaseActor): Promise<number>;
  /** Revoke the kiosk now and wipe it back to stock (`registered`); settled by its ack or its refused reconnect. */
  requestDeviceReturn(
    municipalityId: string,
    deviceId: string,
    actor: CaseActor,
  ): Promise<{ status: 'acknowledged' | 'settled_by_refusal' | 'pending' | 'nothing_to_wipe' }>;
}

/** What became of one staff alert: sent (with the gateway's id), or not, and why. */
export type StaffAlertReceipt =
  | { readonly sent: true; readonly via: 'gatewayapi'; readonly providerRef: string }
  | { readonly sent: false; readonly reason: 'no_gateway' | 'failed' };

/**
 * Texts a responsible person's mobile (issue 10 §2: a night-watch pool has people on duty but nobody reachable).
 * delivery/staff-alerts.ts implements it over the SMS gateway; with no gateway configured (the demo) it sends
 * nothing and says so, and the caller records that. Never throws.
 */
export interface StaffAlerts {
  text(phone: string, message: string): Promise<StaffAlertReceipt>;
}

/**
 * The kiosks' pushed config where it carries care's settings: the switchboard number a call to the button's pool
 * ends with (that pool's fallback pools followed, care/night-watch/fallback-phone.ts `chainFallbackPhoneOf`)
 * travels in DeviceConfig.nightWatch.fallbackPhone, so a change of any pool's settings pushes a new version to
 * every kiosk of the municipality whose number it changes. devices/service.ts implements it;
 * care/night-watch/pool-admin.ts and the admin settings call it after saving. Returns how many kiosks got a new
 * version.
 */
export interface KioskConfigs {
  poolPhoneChanged(municipalityId: string, poolUnitId: string, actor: CaseActor): Promise<number>;
  /**
   * Something that decides when residents may call the night watch changed (a night-watch permission granted,
   * changed or revoked, a relation closed by hand, by a service case's end or by an access review, a pool's
   * coverage): the kiosks lent to these citizens whose pushed hours (DeviceConfig.nightWatch.windows) are no longer
   * theirs get a new version, in one bulk push however many citizens, so the button's lamp is lit only while a
   * press would reach the night watch. Pushed by the system (no staff actor on the version: the change itself is
   * audited). Returns how many kiosks got a new version.
   */
  nightWatchHoursChanged(municipalityId: string, citizenIds: readonly string[]): Promise<number>;
}
