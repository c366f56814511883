import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Console } from './consoles.js';
import type { KioskEvent, SimKiosk } from './fleet.js';

/**
 * The failover test's timeline (issue 14): where the time after a `kill -9` went, per phase, printed with the
 * result so a slow run on a shared machine says what was late and what it waited on, instead of one number.
 * All times are seconds from the kill. Read from the kiosks' and consoles' own traces (fleet.ts, consoles.ts),
 * the phases the test marks, and HAProxy's counters.
 */
export interface Timeline {
  /** A phase ended now (`push answered`, `kiosks held by A` …). */
  mark(phase: string): void;
  /** The report; `extra` lines (HAProxy's counters, CPU seconds) are appended as given. */
  render(extra?: readonly string[]): string;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One kiosk after the kill: when it was back, how many tries, and the time spent in backoff vs connecting. */
function kioskAfter(trace: readonly KioskEvent[], from: number) {
  const after = trace.filter((e) => e.at >= from);
  const first = after.find((e) => e.what === 'connect');
  // Back = its last CONNACK, if nothing closed it since: a kiosk cut again after it was back (a survivor taken
  // out by HAProxy cuts everyone) counts from when it came back for good.
  const back = after.at(-1)?.what === 'connect' ? after.at(-1) : undefined;
  let waited = 0;
  let connecting = 0;
  let tryAt: number | null = null;
  for (const e of after) {
    if (back && e.at > back.at) break;
    if (e.what === 'wait') waited += Number(e.detail ?? 0);
    if (e.what === 'try') tryAt = e.at;
    if ((e.what === 'connect' || e.what === 'close') && tryAt !== null) {
      connecting += e.at - tryAt;
      tryAt = null;
    }
  }
  return {
    backMs: back ? back.at - from : null,
    cutAgain: first ? after.filter((e) => e.what === 'close' && e.at > first.at).length > 0 : false,
    tries: after.filter((e) => e.what === 'try' && (!back || e.at <= back.at)).length,
    errors: after.filter((e) => e.what === 'error').map((e) => String(e.detail)),
    waited,
    connecting,
  };
}

const traceText = (trace: readonly { at: number; what: string; detail?: number | string }[], from: number) =>
  trace
    .filter((e) => e.at >= from)
    .map(
      (e) => `${e.what}${e.detail === undefined ? '' : `(${e.detail})`}@${((e.at - from) / 1000).toFixed(1)}`,
    )
    .join(' ');

export function startTimeline(input: {
  readonly killedAt: number;
  readonly kiosks: readonly SimKiosk[];
  readonly consoles: readonly Console[];
}): Timeline {
  const { killedAt } = input;
  const marks: [string, number][] = [];
  const loadAtKill = loadavg()[0]!;
  return {
    mark(phase) {
      marks.push([phase, Date.now()]);
    },
    render(extra = []) {
      const lines = [
        `timeline from kill -9 of node B (load average ${loadAtKill.toFixed(1)} at the kill, ${loadavg()[0]!.toFixed(1)} now):`,
        `  phases: ${marks.map(([p, at]) => `${p} +${seconds(at - killedAt)}`).join('; ')}`,
      ];
      const kiosks = input.kiosks.map((k) => ({ id: k.deviceId, ...kioskAfter(k.trace, killedAt), k }));
      const back = kiosks.flatMap((k) => (k.backMs === null ? [] : [k.backMs])).sort((a, b) => a - b);
      const tries = new Map<number, number>();
      for (const k of kiosks) tries.set(k.tries, (tries.get(k.tries) ?? 0) + 1);
      const errors = new Map<string, number>();
      for (const k of kiosks) for (const e of k.errors) errors.set(e, (errors.get(e) ?? 0) + 1);
      lines.push(
        `  kiosks back (connected since their last CONNACK): ${back.length} of ${kiosks.length} (${kiosks.filter((k) => k.cutAgain).length} cut again after they were back); 50 % by +${seconds(percentile(back, 50))}, 90 % by +${seconds(percentile(back, 90))}, 99 % by +${seconds(percentile(back, 99))}, last +${seconds(back.at(-1) ?? Number.NaN)}`,
        `  kiosks by reconnect tries until back: ${[...tries.entries()]
          .sort(([a], [b]) => a - b)
          .map(([n, count]) => `${n}: ${count}`)
          .join(', ')}; errors after the kill: ${
          errors.size === 0
            ? 'none'
            : [...errors.entries()]
                .sort(([, a], [, b]) => b - a)
                .slice(0, 4)
                .map(([e, n]) => `${n}× ${e}`)
                .join(', ')
        }`,
      );
      const slowest = [...kiosks].sort((a, b) => (b.backMs ?? Infinity) - (a.backMs ?? Infinity)).slice(0, 5);
      for (const k of slowest)
        lines.push(
          `  slow kiosk ${k.id.slice(0, 8)}: back ${k.backMs === null ? 'never' : `+${seconds(k.backMs)}`}, backoff drawn ${seconds(k.waited)}, in CONNECTs ${seconds(k.connecting)}: ${traceText(k.k.trace, killedAt).slice(0, 300)}`,
        );
      const consoles = input.consoles.map((c) => {
        const welcome = c.trace.find((e) => e.at >= killedAt && e.what === 'welcome');
        return { c, backMs: welcome ? welcome.at - killedAt : null };
      });
      const consolesBack = consoles
        .flatMap((c) => (c.backMs === null ? [] : [c.backMs]))
        .sort((a, b) => a - b);
      lines.push(
        `  consoles back (welcome after the kill): ${consolesBack.length} of ${consoles.length}; 50 % by +${seconds(percentile(consolesBack, 50))}, last +${seconds(consolesBack.at(-1) ?? Number.NaN)}`,
      );
      for (const { c, backMs } of [...consoles]
        .sort((a, b) => (b.backMs ?? Infinity) - (a.backMs ?? Infinity))
        .slice(0, 3))
        lines.push(
          `  slow console ${c.staffId.slice(0, 8)}: back ${backMs === null ? 'never' : `+${seconds(backMs)}`}: ${traceText(c.trace, killedAt).slice(0, 300)}`,
        );
      return [...lines, ...extra.map((l) => `  ${l}`)].join('\n');
    },
  };
}

/**
 * HAProxy's own counters for the two doors the herd goes through (`show stat`, CSV): connection retries and
 * redispatches per backend, each server's status and its health checks: a survivor whose /readyz failed twice
 * under the herd is marked down, and `on-marked-down shutdown-sessions` cuts everyone who was already back.
 */
export function haproxyCounters(stat: string): string {
  const [header, ...rows] = stat.replace(/^# /, '').trim().split('\n');
  const names = (header ?? '').split(',');
  const col = (row: string[], name: string) => row[names.indexOf(name)] ?? '?';
  return rows
    .map((r) => r.split(','))
    .filter((r) => r[0] === 'nodes_mqtt' || r[0] === 'nodes_http')
    .map(
      (r) =>
        `${r[0]}/${r[1]} ${col(r, 'status')} sessions ${col(r, 'stot')} conn-errors ${col(r, 'econ')} retries ${col(r, 'wretr')} redispatches ${col(r, 'wredis')}` +
        (r[1] === 'BACKEND'
          ? ''
          : ` checks failed ${col(r, 'chkfail')} went down ${col(r, 'chkdown')} times (last change ${col(r, 'lastchg')} s ago, last check ${col(r, 'check_status')} in ${col(r, 'check_duration')} ms)`),
    )
    .join('; ');
}

/**
 * Node A's /readyz asked directly every 250 ms from the kill, as HAProxy's check asks it every second (with a
 * 2 s timeout): the slowest answer and every answer that was not 200 in time, so a survivor the proxy marked
 * down under the herd shows up in the timeline with when and why.
 */
export function watchReadiness(url: string, from: number) {
  const late: string[] = [];
  let slowest = 0;
  let asked = 0;
  let stopped = false;
  const ask = async () => {
    while (!stopped) {
      const started = Date.now();
      const status = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
        async (r) => `${r.status}${r.status === 200 ? '' : ` ${(await r.text()).slice(0, 120)}`}`,
        () => 'no answer in 2 s',
      );
      const took = Date.now() - started;
      asked += 1;
      slowest = Math.max(slowest, took);
      if (status !== '200' || took > 1_000) late.push(`+${seconds(started - from)}: ${status} in ${took} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const running = ask();
  return {
    async stop(): Promise<string> {
      stopped = true;
      await running;
      return `node A /readyz asked ${asked} times from the kill: slowest ${slowest} ms; not 200 or over 1 s: ${late.length === 0 ? 'none' : late.slice(0, 8).join('; ')}`;
    },
  };
}

/**
 * The kernel's count of connections dropped because a listening socket's accept queue was full (TcpExt
 * ListenOverflows in /proc/net/netstat; Linux only, null elsewhere). Machine-wide: other processes add to it.
 */
export function listenOverflows(): number | null {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const header = lines.find((l) => l.startsWith('TcpExt:'))?.split(' ') ?? [];
    const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]?.split(' ') ?? [];
    const at = header.indexOf('ListenOverflows');
    return at < 0 ? null : Number(values[at]);
  } catch {
    return null;
  }
}
