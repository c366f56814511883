import type { StatsSample } from './quality.js';

/** What goes to POST /api/calls/quality (cloud/src/call-quality/routes.ts): numbers only. */
export interface QualityReport {
  callId: string;
  role: 'caller' | 'callee';
  durationSeconds: number;
  rttMs: number | null;
  lossPercent: number;
  bitrateKbps: number;
  width: number | null;
  height: number | null;
  audioOnly: boolean;
}

export function qualityReport(
  callId: string,
  role: 'caller' | 'callee',
  sample: StatsSample,
  durationSeconds: number,
): QualityReport {
  const total = sample.packetsReceived + sample.packetsLost;
  const seconds = Math.max(1, durationSeconds);
  return {
    callId,
    role,
    durationSeconds: Math.round(durationSeconds),
    rttMs: sample.roundTripTime === undefined ? null : Math.round(sample.roundTripTime * 1000),
    lossPercent: total > 0 ? Math.round((sample.packetsLost / total) * 1000) / 10 : 0,
    bitrateKbps: Math.round(((sample.bytesReceived ?? 0) * 8) / seconds / 1000),
    width: sample.frameWidth ?? null,
    height: sample.frameHeight ?? null,
    audioOnly: sample.frameWidth === undefined,
  };
}

type Fetch = typeof fetch;

/** The session's CSRF token, read while the call runs (prepareQualityReport); taken by the next report. */
let preparedToken: Promise<string | undefined> | null = null;

async function readToken(fetcher: Fetch): Promise<string | undefined> {
  try {
    const session = (await (
      await fetcher('/api/auth/session', { headers: { 'x-sv-passive': '1' }, credentials: 'same-origin' })
    ).json()) as { csrfToken?: string };
    return session.csrfToken;
  } catch {
    return undefined;
  }
}

/**
 * Reads the CSRF token once media flows (quality-loop.ts markFlowing), so the report at hang-up is ONE
 * `keepalive` request. Read at hang-up, the token's own request had no keepalive: a tab reloaded or closed
 * right after "Læg på" aborted it and the report was never sent (honest-outcomes.e2e, ci-fresh 2026-12-06).
 */
export function prepareQualityReport(fetcher: Fetch = fetch): void {
  preparedToken ??= readToken(fetcher);
}

/**
 * Sends the report after hang-up; `keepalive` lets it finish when the page is closing. Best effort: a lost
 * report costs support a diagnosis, never the person anything.
 */
export async function sendQualityReport(report: QualityReport, fetcher: Fetch = fetch): Promise<void> {
  const prepared = preparedToken;
  preparedToken = null;
  try {
    const csrfToken = (await prepared) ?? (await readToken(fetcher));
    if (!csrfToken) return;
    await fetcher('/api/calls/quality', {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: true,
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken, 'x-sv-passive': '1' },
      body: JSON.stringify(report),
    });
  } catch {
    // offline at hang-up: nothing to do
  }
}

/** The end-of-call report of a call that connected and was sampled at least once (call-controller.ts). */
export function reportAtEnd(
  callId: string,
  role: 'caller' | 'callee',
  last: StatsSample | undefined,
  connectedAt: number | null,
): void {
  if (!last || connectedAt === null) return;
  void sendQualityReport(qualityReport(callId, role, last, (Date.now() - connectedAt) / 1000));
}
