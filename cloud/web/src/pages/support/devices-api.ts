import { z } from 'zod/mini';
import { apiFetch, PASSIVE } from '../../shared/api.js';
import type { BulkChanges } from './bulk-settings.js';
import { codeStillWorks } from './enrolment-code.js';

/** The loan-device routes support uses (cloud/src/devices/routes.ts, diagnostics/, alerts/). */
const csrf = (token: string) => ({ 'x-csrf-token': token });
const sig = (signal?: AbortSignal) => (signal ? { signal } : {});

const Health = z.nullable(
  z.object({
    uptimeS: z.number(),
    rttMs: z.nullable(z.number()),
    temperatureC: z.nullable(z.number()),
    reportedAt: z.string(),
  }),
);
const Summary = z.object({
  id: z.string(),
  label: z.string(),
  lifecycle: z.string(),
  lent: z.boolean(),
  citizenId: z.optional(z.nullable(z.string())),
  citizenName: z.optional(z.nullable(z.string())),
  /** Support only: the ref that tells the borrower from a namesake, as the citizen card shows it. */
  citizenRef: z.optional(z.nullable(z.string())),
  /** Since when it waits to be fetched from a closed citizen's home; null when not. */
  collectSince: z.optional(z.nullable(z.string())),
  /** While it waits to be fetched: wiped (done), to wipe itself at its next connection (pending), or held nothing. */
  collectWipe: z.optional(z.nullable(z.enum(['done', 'pending', 'none']))),
  heldAs: z.nullable(z.string()),
  online: z.boolean(),
  lastSeenAt: z.nullable(z.string()),
  state: z.nullable(z.string()),
  software: z.nullable(z.string()),
  engine: z.nullable(z.string()),
  configVersion: z.number(),
  targetConfigVersion: z.number(),
  wipePending: z.boolean(),
  /** Enrolled and not wiped since: "Slet skærmen" has something to erase (older clouds: assume it has). */
  holdsCredential: z.optional(z.boolean()),
  /** Taken back from a citizen at this time and not wiped since: lent to nobody else before a wipe. */
  returnedUnwipedAt: z.optional(z.nullable(z.string())),
  /** Until when the enrolment code made for it works, while one is made and not used (older clouds: unknown). */
  enrolmentCodeUntil: z.optional(z.nullable(z.string())),
  health: Health,
});
export type DeviceSummary = z.infer<typeof Summary>;

const Config = z.object({
  volume: z.number(),
  brightness: z.number(),
  autoAnswer: z.object({ enabled: z.boolean(), countdownSeconds: z.number() }),
  quietHours: z.nullable(z.object({ start: z.string(), end: z.string() })),
  nightWatch: z.object({ enabled: z.boolean(), poolId: z.optional(z.string()) }),
});
export type DeviceSettings = z.infer<typeof Config>;

const CommandOutcome = z.object({
  id: z.string(),
  type: z.string(),
  status: z.enum(['pending', 'sent', 'applied', 'rejected', 'failed']),
  reason: z.nullable(z.string()),
  createdAt: z.string(),
});
export type CommandOutcome = z.infer<typeof CommandOutcome>;
const Detail = z.extend(Summary, {
  targetConfig: z.nullable(Config),
  recentCommands: z.array(CommandOutcome),
  /** Support only: whom a kiosk taken back came from, the one citizen it may go back to unwiped. */
  returnedFrom: z.optional(z.nullable(z.object({ id: z.string(), name: z.string(), ref: z.string() }))),
});
export type DeviceDetail = z.infer<typeof Detail>;

/** `passive`: a re-read the page makes by itself, not a person's doing (use-polling.ts), so not activity. */
const asRead = (signal: AbortSignal | undefined, passive: boolean) => ({
  ...sig(signal),
  ...(passive ? { headers: PASSIVE } : {}),
});

export const listDevices = (signal?: AbortSignal, passive = false) =>
  apiFetch('/api/devices', {
    ...asRead(signal, passive),
    parse: (j) => z.object({ devices: z.array(Summary) }).parse(j),
  });
export const showDevice = (id: string, signal?: AbortSignal, passive = false) =>
  apiFetch(`/api/devices/${encodeURIComponent(id)}`, {
    ...asRead(signal, passive),
    parse: (j) => Detail.parse(j),
  });

const post = <T>(
  token: string,
  path: string,
  body: unknown,
  parse: (j: unknown) => T,
  method: 'POST' | 'PUT' = 'POST',
) => apiFetch(path, { method, headers: csrf(token), body, parse });
const at = (id: string, action: string) => `/api/devices/${encodeURIComponent(id)}/${action}`;

export const registerDevice = (token: string, label: string) =>
  post(token, '/api/devices', { label }, (j) => Summary.parse(j));
export const enrolmentCode = (token: string, id: string) =>
  post(token, at(id, 'enrolment-code'), undefined, (j) =>
    z.object({ code: z.string(), expiresAt: z.string() }).parse(j),
  );
const Issued = z.object({ commandId: z.string(), deviceWasOnline: z.boolean() });
export const identify = (token: string, id: string) =>
  post(token, at(id, 'identify'), { seconds: 30 }, (j) => Issued.parse(j));
export const restart = (token: string, id: string) =>
  post(token, at(id, 'restart'), undefined, (j) => Issued.parse(j));
export const lend = (token: string, id: string, citizenId: string) =>
  post(token, at(id, 'lend'), { citizenId }, (j) => Summary.parse(j));
export type IssuedCode = { code: string; expiresAt: string };
/**
 * Lend, and for a kiosk never enrolled (it keeps `registered` when lent) its enrolment code at once: without the
 * code it can neither call nor be called at the citizen's, so the code belongs to the lend, not to one more press
 * (the lendrun walk: "Lav tilmeldingskode" after each "Lån" was 2 of the 7 actions per kiosk). `code` is
 * 'failed' when the lend went through and only the code did not: the kiosk page's "Lav tilmeldingskode" remains.
 * 'kept' when the kiosk has a code made before that still works (on its own page, or by a colleague): a new one
 * would replace it (db/repos/devices.ts issueEnrolmentCode), and support may have read it out on the phone or
 * written it on the box already ("the lend panel replaces a code made on the kiosk page", 2026-12-08). The lend's
 * answer says until when it works (enrolmentCodeUntil).
 */
export async function lendWithCode(
  token: string,
  id: string,
  citizenId: string,
  now: number = Date.now(),
): Promise<{ device: DeviceSummary; code: IssuedCode | 'failed' | 'kept' | null }> {
  const device = await lend(token, id, citizenId);
  if (device.lifecycle !== 'registered') return { device, code: null };
  if (codeStillWorks(device, now)) return { device, code: 'kept' };
  const code = await enrolmentCode(token, id).catch(() => 'failed' as const);
  return { device, code };
}
export const giveBack = (token: string, id: string) =>
  post(token, at(id, 'return'), undefined, (j) => Summary.parse(j));
export const wipe = (token: string, id: string, afterWipe: 'registered' | 'retired') =>
  post(token, at(id, 'wipe'), { afterWipe }, (j) =>
    z.object({ status: z.string(), deviceWasOnline: z.boolean() }).parse(j),
  );
export const markCollected = (token: string, id: string) =>
  post(token, at(id, 'collected'), {}, (j) => Detail.parse(j));
export const hold = (token: string, id: string, heldAs: 'lost' | 'in_repair' | null) =>
  post(token, at(id, 'hold'), { heldAs }, (j) => Detail.parse(j));
export const pushConfig = (token: string, id: string, config: DeviceSettings) =>
  post(
    token,
    at(id, 'config'),
    config,
    (j) => z.object({ version: z.number(), commandId: z.string() }).parse(j),
    'PUT',
  );

/** Which kiosks a bulk push reaches: all of the municipality's, or those lent to citizens of one unit now. */
export type BulkScope = { kind: 'municipality' } | { kind: 'unit'; unitId: string };
const reach = { devices: z.number(), inUse: z.number(), notInUse: z.number() };
const Reach = z.object(reach);
/**
 * ONE call for many kiosks (cloud/src/devices/bulk-config-route.ts, issue 14): `changes` holds only the settings
 * to change; each kiosk keeps its own value of the rest. `devices`: how many kiosks got a new version, of which
 * `inUse` are in use now and `notInUse` apply it when they are enrolled again.
 */
export const pushConfigToMany = (token: string, scope: BulkScope, changes: BulkChanges) =>
  post(token, '/api/devices/config', { scope, changes }, (j) =>
    z.object({ ...reach, batches: z.number() }).parse(j),
  );
/** Read only: how many kiosks pushConfigToMany would reach now, in use and not (the question names it). */
export const previewConfigToMany = (scope: BulkScope) =>
  apiFetch(
    scope.kind === 'unit'
      ? `/api/devices/config/preview?scope=unit&unitId=${encodeURIComponent(scope.unitId)}`
      : '/api/devices/config/preview?scope=municipality',
    { parse: (j) => Reach.parse(j) },
  );

const Choice = z.object({
  id: z.string(),
  displayName: z.string(),
  deviceLabel: z.nullable(z.string()),
  units: z.array(z.string()),
  ref: z.string(),
});
export type CitizenChoice = z.infer<typeof Choice>;
export const findCitizens = (q: string, signal?: AbortSignal) =>
  apiFetch(`/api/devices/citizens?q=${encodeURIComponent(q)}`, {
    ...sig(signal),
    parse: (j) => z.object({ citizens: z.array(Choice) }).parse(j).citizens,
  });

export const diagnosticsUrl = (id: string) => `/api/diagnostics/devices/${encodeURIComponent(id)}?download=1`;

const Alert = z.object({
  kind: z.string(),
  severity: z.enum(['warning', 'critical']),
  subject: z.object({ kind: z.string(), id: z.string(), name: z.string(), ref: z.optional(z.string()) }),
  /** kiosk_not_enrolled: the citizen the kiosk is lent to (cloud/src/alerts/kiosk-not-enrolled.ts). */
  borrower: z.optional(z.object({ id: z.string(), name: z.string(), ref: z.string() })),
  since: z.nullable(z.string()),
  figures: z.record(z.string(), z.number()),
  /** inactive_account: when the account is closed by itself (cloud/src/alerts/rules.ts). */
  closesAt: z.optional(z.string()),
});
export type Alert = z.infer<typeof Alert>;
export const listAlerts = (signal?: AbortSignal, passive = false) =>
  apiFetch('/api/alerts', {
    ...asRead(signal, passive),
    parse: (j) => z.object({ alerts: z.array(Alert) }).parse(j).alerts,
  });
