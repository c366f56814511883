import type { CandidateType, MediaStats } from '../../media-engine.js';
import type { GstElement, GstStructure } from './gi.js';

type Report = Map<string, string>;

/** "name, key=(type)value, ..." -> key/value strings (GstStructure serialisation, values unescaped enough here). */
export function parseStructureText(text: string): Report {
  const fields: Report = new Map();
  for (const match of text.matchAll(/([a-z0-9-]+)=\([^)]+\)("(?:[^"\\]|\\.)*"|[^,;]+)/gi)) {
    const [, key = '', raw = ''] = match;
    fields.set(key, raw.replace(/^"|"$/g, '').trim());
  }
  return fields;
}

function reports(reply: GstStructure): Report[] {
  const out: Report[] = [];
  for (let i = 0; i < reply.nFields(); i++) {
    const inner = reply.getValue(reply.nthFieldName(i))?.getBoxed() as GstStructure | undefined;
    if (inner && typeof inner.toString === 'function') out.push(parseStructureText(inner.toString()));
  }
  return out;
}

const CANDIDATE_TYPES = new Set<CandidateType>(['host', 'srflx', 'prflx', 'relay']);
const asCandidateType = (value: string | undefined): CandidateType | null =>
  CANDIDATE_TYPES.has(value as CandidateType) ? (value as CandidateType) : null;

/** webrtcbin `get-stats` (names after W3C webrtc-stats, hyphenated) -> the engine-neutral MediaStats fields. */
export function parseWebrtcStats(
  reply: GstStructure | null,
): Pick<MediaStats, 'bytesSent' | 'bytesReceived' | 'candidatePair'> {
  const all = reply ? reports(reply) : [];
  const sum = (type: string, key: string) =>
    all.filter((r) => r.get('type') === type).reduce((n, r) => n + Number(r.get(key) ?? 0), 0);
  const byId = new Map(all.map((r) => [r.get('id') ?? '', r]));
  const pair = all.find((r) => r.get('type') === 'candidate-pair');
  const local = asCandidateType(byId.get(pair?.get('local-candidate-id') ?? '')?.get('candidate-type'));
  const remote = asCandidateType(byId.get(pair?.get('remote-candidate-id') ?? '')?.get('candidate-type'));
  return {
    bytesSent: sum('outbound-rtp', 'bytes-sent'),
    bytesReceived: sum('inbound-rtp', 'bytes-received'),
    candidatePair: local && remote ? { local, remote } : null,
  };
}

/** Frames a GstBaseSink rendered, from its `stats` structure ("…, rendered=(guint64)123;"). */
export function renderedBy(sink: GstElement | null | undefined): number {
  const stats = sink?.stats as { toString(): string } | undefined;
  return Number(/rendered=\(guint64\)(\d+)/.exec(stats?.toString() ?? '')?.[1] ?? 0);
}
