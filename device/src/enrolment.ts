import { type Clock, describeIssues, EnrolRequest, EnrolResponse } from '@screenvisit/protocol';
import type { ReconnectPolicy } from './backoff.js';
import type { DataStore, StoredCredential } from './data-store.js';
import { DeviceError, isDeviceError } from './errors.js';
import { type HttpReply, type PostJson, postJson } from './http-post.js';
import type { Logger } from './logger.js';
import { sleep } from './timing.js';

const ENROL_TIMEOUT_MS = 15_000;

/**
 * Trade the one-time enrolment code for this device's own MQTT credential (POST /api/devices/enrol).
 * 4xx means the code is wrong, used or expired: retrying cannot help. Network errors and 5xx are
 * cloud_unreachable and worth retrying with backoff.
 */
export async function enrol(options: {
  cloudUrl: string;
  code: string;
  hardwareId: string;
  post?: PostJson;
  signal?: AbortSignal;
}): Promise<EnrolResponse> {
  const body = EnrolRequest.parse({ code: options.code, hardwareId: options.hardwareId });
  const url = new URL('/api/devices/enrol', options.cloudUrl);
  const signal = options.signal
    ? AbortSignal.any([options.signal, AbortSignal.timeout(ENROL_TIMEOUT_MS)])
    : AbortSignal.timeout(ENROL_TIMEOUT_MS);
  let response: HttpReply;
  try {
    response = await (options.post ?? postJson)(url, JSON.stringify(body), signal);
  } catch (e) {
    throw DeviceError.cloudUnreachable(`POST ${url.pathname}`, e);
  }
  if (response.status >= 500)
    throw DeviceError.cloudUnreachable(`POST ${url.pathname} answered ${response.status}`);
  if (response.status < 200 || response.status > 299)
    throw DeviceError.enrolmentRefused(response.status, problemTitle(response.text));
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    throw DeviceError.invalidResponse('enrolment answer is not JSON');
  }
  const parsed = EnrolResponse.safeParse(json);
  if (!parsed.success) throw DeviceError.invalidResponse(describeIssues(parsed.error.issues));
  if (parsed.data.mqttUsername !== parsed.data.deviceId) {
    // The broker's ACL keys every topic on the username; a mismatch would lock the device out of its topics.
    throw DeviceError.invalidResponse('mqttUsername differs from deviceId');
  }
  return parsed.data;
}

/** The cloud answers errors as RFC 9457 problem+json; keep only the short, safe `detail`/`title`. */
function problemTitle(body: string): string | undefined {
  try {
    const problem = JSON.parse(body) as { detail?: unknown; title?: unknown };
    const text = typeof problem.detail === 'string' ? problem.detail : problem.title;
    return typeof text === 'string' ? text.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Enrol, retrying with backoff while the cloud is unreachable. Returns the answer, or the DeviceError that
 * ended the attempt (refused, invalid answer); null when aborted.
 */
export async function enrolWithRetry(options: {
  cloudUrl: string;
  code: string;
  hardwareId: string;
  post?: PostJson;
  signal: AbortSignal;
  clock: Clock;
  policy: ReconnectPolicy;
  log: Logger;
}): Promise<EnrolResponse | DeviceError | null> {
  const { clock, log, signal } = options;
  const startedAt = clock.now();
  for (let retryCount = 0; !signal.aborted; retryCount++) {
    try {
      return await enrol(options);
    } catch (e) {
      if (signal.aborted) return null;
      const error = isDeviceError(e) ? e : DeviceError.invalidResponse('unexpected failure');
      const delay = error.retryable
        ? options.policy.nextRetryDelayInMs({ retryCount, elapsedMs: clock.now() - startedAt })
        : null;
      if (delay === null) return error;
      log.warn(
        { reason: error.reason, retryCount, delayMs: delay },
        'enrolment: cloud unreachable, retrying',
      );
      if (!(await sleep(clock, delay, signal))) return null;
    }
  }
  return null;
}

/** Enrol (with retries) and store the credential; a storage failure is a DeviceError like the others. */
export async function enrolAndStore(
  options: Parameters<typeof enrolWithRetry>[0] & { store: DataStore },
): Promise<StoredCredential | DeviceError | null> {
  const answer = await enrolWithRetry(options);
  if (answer === null || isDeviceError(answer)) return answer;
  const credential: StoredCredential = { v: 1, deviceId: answer.deviceId, mqttPassword: answer.mqttPassword };
  try {
    await options.store.writeCredential(credential);
  } catch (e) {
    return isDeviceError(e) ? e : DeviceError.storageFailed('store the credential', e);
  }
  return credential;
}
