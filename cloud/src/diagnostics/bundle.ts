import { and, desc, eq, inArray, or } from 'drizzle-orm';
import {
  auditLogTable,
  callQualityReportsTable,
  callRecordsTable,
  type Db,
  deviceCommandsTable,
  deviceConfigsTable,
  deviceHealthTable,
  devicesTable,
  deviceWipesTable,
} from '../db/index.js';
import { AppError } from '../kernel/errors.js';
import { logLine, technicalDetails } from './scrub.js';

/**
 * Diagnostics bundles for 2nd line (issue 12 §4): what a device or a call did, from the cloud's side, with no
 * personal data: no names, no citizen or staff ids, no contacts, no addresses. "Recent log lines" are the
 * cloud's recorded events about the device or call (audit trail and command outbox), rendered as lines; the
 * kiosk's own journal is not uploaded (docs/operations.md says how to read it on the box).
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const EVENTS = 100;
const COMMANDS = 50;
const CALLS = 20;

type Event = { at: string; action: string; actor: string; details: Record<string, unknown> };

async function eventsAbout(db: Db, municipalityId: string, kind: string, id: string): Promise<Event[]> {
  const rows = await db
    .select()
    .from(auditLogTable)
    .where(
      and(
        eq(auditLogTable.municipalityId, municipalityId),
        eq(auditLogTable.targetKind, kind),
        eq(auditLogTable.targetId, id),
      ),
    )
    .orderBy(desc(auditLogTable.at))
    .limit(EVENTS);
  return rows.map((r) => ({
    at: r.at.toISOString(),
    action: r.action,
    actor: r.actorKind,
    details: technicalDetails(r.details),
  }));
}

async function qualityOf(db: Db, callIds: string[]) {
  if (callIds.length === 0) return [];
  const rows = await db
    .select()
    .from(callQualityReportsTable)
    .where(inArray(callQualityReportsTable.callId, callIds));
  return rows.map((r) => {
    const q = r.report as Record<string, unknown>;
    return {
      callId: r.callId,
      side: r.side,
      rttMs: q.rttMs ?? null,
      lossPercent: q.lossPercent ?? null,
      bitrateKbps: q.bitrateKbps ?? null,
      width: q.width ?? null,
      height: q.height ?? null,
      audioOnly: q.audioOnly ?? null,
      durationSeconds: q.durationSeconds ?? null,
    };
  });
}

const callView = (c: typeof callRecordsTable.$inferSelect) => ({
  callId: c.callId,
  callerKind: c.callerKind,
  calleeKind: c.calleeKind,
  ringAt: c.ringAt.toISOString(),
  answerAt: iso(c.answerAt),
  connectedAt: iso(c.connectedAt),
  endAt: iso(c.endAt),
  endReason: c.endReason,
  autoAnswered: c.autoAnswered,
});

/** Used by: GET /api/diagnostics/devices/{id}. */
export async function deviceBundle(db: Db, municipalityId: string, deviceId: string, now: Date) {
  const [device] = await db
    .select()
    .from(devicesTable)
    .where(and(eq(devicesTable.id, deviceId), eq(devicesTable.municipalityId, municipalityId)));
  if (!device) throw AppError.notFound('Device');
  const [[health], [target], commands, wipes, calls, events] = await Promise.all([
    db.select().from(deviceHealthTable).where(eq(deviceHealthTable.deviceId, device.id)),
    db
      .select()
      .from(deviceConfigsTable)
      .where(eq(deviceConfigsTable.deviceId, device.id))
      .orderBy(desc(deviceConfigsTable.version))
      .limit(1),
    db
      .select()
      .from(deviceCommandsTable)
      .where(eq(deviceCommandsTable.deviceId, device.id))
      .orderBy(desc(deviceCommandsTable.seq))
      .limit(COMMANDS),
    db.select().from(deviceWipesTable).where(eq(deviceWipesTable.deviceId, device.id)),
    db
      .select()
      .from(callRecordsTable)
      .where(
        or(
          and(eq(callRecordsTable.callerKind, 'device'), eq(callRecordsTable.callerId, device.id)),
          and(eq(callRecordsTable.calleeKind, 'device'), eq(callRecordsTable.calleeId, device.id)),
        ),
      )
      .orderBy(desc(callRecordsTable.ringAt))
      .limit(CALLS),
    eventsAbout(db, municipalityId, 'device', device.id),
  ]);
  const { contacts: _names, ...config } = target?.config ?? { contacts: [] };
  const commandView = commands.map((c) => ({
    id: c.id,
    type: c.type,
    createdAt: c.createdAt.toISOString(),
    sentAt: iso(c.sentAt),
    attempts: c.attempts,
    ackedAt: iso(c.ackedAt),
    outcome: c.ackStatus ?? (c.sentAt ? 'sent' : 'pending'),
    reason: c.ackReason,
  }));
  const lines = [
    ...events.map((e) => ({ at: e.at, line: logLine(new Date(e.at), e.action, e.details) })),
    ...commands.map((c) => ({
      at: c.createdAt.toISOString(),
      line: logLine(c.createdAt, `command.${c.type}`, {
        id: c.id,
        attempts: c.attempts,
        outcome: c.ackStatus ?? (c.sentAt ? 'sent' : 'pending'),
      }),
    })),
  ]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((l) => l.line);
  return {
    kind: 'device' as const,
    generatedAt: now.toISOString(),
    device: {
      id: device.id,
      label: device.label,
      hardwareId: device.hardwareId,
      lifecycle: device.lifecycle,
      heldAs: device.heldAs,
      lent: device.citizenId !== null,
      online: device.online,
      lastSeenAt: iso(device.lastSeenAt),
      state: device.state,
      software: device.software,
      engine: device.engine,
      configVersion: device.configVersion,
      targetConfigVersion: target?.version ?? 0,
      credentialRevokedAt: iso(device.credentialRevokedAt),
    },
    health: health
      ? {
          uptimeS: health.uptimeS,
          rttMs: health.rttMs,
          temperatureC: health.temperatureC,
          reportedAt: health.reportedAt.toISOString(),
        }
      : null,
    config: target ? { ...config, contacts: target.config.contacts.length } : null,
    stateHistory: events,
    commands: commandView,
    wipes: wipes.map((w) => ({
      id: w.id,
      thenLifecycle: w.thenLifecycle,
      requestedAt: w.requestedAt.toISOString(),
      settledAt: iso(w.settledAt),
      settledBy: w.settledBy,
    })),
    calls: calls.map(callView),
    callQuality: await qualityOf(
      db,
      calls.map((c) => c.callId),
    ),
    logLines: lines,
  };
}

/** Used by: GET /api/diagnostics/calls/{id}. */
export async function callBundle(db: Db, municipalityId: string, callId: string, now: Date) {
  const [call] = await db
    .select()
    .from(callRecordsTable)
    .where(and(eq(callRecordsTable.callId, callId), eq(callRecordsTable.municipalityId, municipalityId)));
  if (!call) throw AppError.notFound('Call');
  const events = await eventsAbout(db, municipalityId, 'call', callId);
  const device =
    call.callerKind === 'device' ? call.callerId : call.calleeKind === 'device' ? call.calleeId : null;
  return {
    kind: 'call' as const,
    generatedAt: now.toISOString(),
    call: { ...callView(call), deviceId: device },
    callQuality: await qualityOf(db, [callId]),
    stateHistory: events,
    logLines: events.map((e) => logLine(new Date(e.at), e.action, e.details)),
  };
}
