import { z } from 'zod/mini';
import { apiFetch } from '../../shared/api.js';

/** The unit manager's access review and service cases (cloud/src/access-review/, cloud/src/service-case/). */
const csrf = (token: string) => ({ 'x-csrf-token': token });
const s = z.string();
const ns = z.nullable(z.string());
const n = z.number();

const ReviewLine = z.object({
  id: s,
  kind: z.enum(['membership', 'relation']),
  name: s,
  detail: s,
  decision: z.nullable(z.enum(['confirmed', 'removed'])),
  decidedAt: ns,
  automatic: z.boolean(),
});
export type ReviewLine = z.infer<typeof ReviewLine>;
const Review = z.object({
  id: s,
  unitId: s,
  unitName: s,
  openedAt: s,
  deadline: s,
  closedAt: ns,
  counts: z.object({ total: n, confirmed: n, removed: n, undecided: n, automatic: n }),
  mayDecide: z.boolean(),
  lines: z.array(ReviewLine),
});
export type Review = z.infer<typeof Review>;

export const fetchReviews = () =>
  apiFetch('/api/access-reviews', { parse: (j) => z.object({ reviews: z.array(Review) }).parse(j).reviews });
export const decideLine = (token: string, lineId: string, decision: 'confirmed' | 'removed') =>
  apiFetch(`/api/access-reviews/lines/${encodeURIComponent(lineId)}`, {
    method: 'POST',
    headers: csrf(token),
    body: { decision },
    parse: () => null,
  });

export const STEPS = ['assess', 'assign', 'install', 'evaluate', 'end'] as const;
export type Step = (typeof STEPS)[number];
const Case = z.object({
  id: s,
  citizenId: s,
  citizenName: s,
  stage: s,
  referredBy: s,
  referredAt: s,
  scenario: ns,
  deviceChoice: ns,
  unitName: ns,
  deviceLabel: ns,
  deviceLifecycle: ns,
  installedAt: ns,
  firstConnectedCallAt: ns,
  evaluationsDone: n,
  nextEvaluationAt: ns,
  endedAt: ns,
  deviceReturnedAt: ns,
  deviceId: ns,
  overdue: z.array(s),
  allowed: z.array(z.enum(STEPS)),
});
export type Case = z.infer<typeof Case>;
const Cases = z.object({
  cases: z.array(Case),
  referable: z.array(z.object({ citizenId: s, name: s })),
  units: z.array(z.object({ id: s, name: s })),
  lentDevices: z.array(z.object({ deviceId: s, label: s, citizenId: s })),
  followUp: z.object({ collectWithinDays: n }),
});
export type Cases = z.infer<typeof Cases>;

export const fetchCases = () => apiFetch('/api/service-cases', { parse: (j) => Cases.parse(j) });
export const refer = (token: string, citizenId: string, referredBy: string) =>
  apiFetch('/api/service-cases', {
    method: 'POST',
    headers: csrf(token),
    body: { citizenId, referredBy },
    parse: () => null,
  });
export const moveCase = (token: string, caseId: string, event: Record<string, unknown>) =>
  apiFetch(`/api/service-cases/${encodeURIComponent(caseId)}/events`, {
    method: 'POST',
    headers: csrf(token),
    body: event,
    parse: (j) =>
      z
        .object({
          ended: z.nullable(
            z.object({ relationsClosed: n, credentialsRevoked: n, deviceWipe: z.nullable(s) }),
          ),
        })
        .parse(j).ended,
  });
export const deviceCollected = (token: string, caseId: string) =>
  apiFetch(`/api/service-cases/${encodeURIComponent(caseId)}/device-collected`, {
    method: 'POST',
    headers: csrf(token),
    parse: () => null,
  });
