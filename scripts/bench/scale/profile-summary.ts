/**
 * Where the samples of V8 CPU profiles are (the heartbeat window's, BENCH_SCALE_HB_CPU_PROF), side by side: the
 * cloud's beside stock aedes alone's, or one code's before beside after. Counts samples, not time: under shared
 * load a sample still lands in the code the thread was running, so the shares survive load better than CPU %.
 * `(idle)` samples are left out of every share; per second of the profile's span, busy samples × the interval
 * are the main thread's busy milliseconds.
 *
 * Three views, each a share of the busy samples:
 *  - by owner: the nearest frame to the leaf that is ScreenVisit's (cloud/src, protocol/src), the engine's (aedes,
 *    mqtt-packet) or the database libraries' decides: so zod, JSON.parse or drizzle called by our code count as
 *    "ours", while the PUBACK that aedes writes from our authorizePublish callback counts as aedes'; with none of
 *    them on the stack, the leaf frame's owner (node, GC, native, …);
 *  - by function, self (the leaf frame), the top ones of each profile;
 *  - by function of ours, inclusive.
 * Usage: node --import tsx scripts/bench/scale/profile-summary.ts <name>=<file.cpuprofile> … [--top=25]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';

const CallFrame = z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() });
const Profile = z.object({
  nodes: z.array(
    z.object({ id: z.number(), callFrame: CallFrame, children: z.array(z.number()).optional() }),
  ),
  startTime: z.number(),
  endTime: z.number(),
  samples: z.array(z.number()),
});
type Frame = z.infer<typeof CallFrame>;

const OURS = /\/(cloud|protocol)\/src\//;
const DATABASE = /node_modules\/(drizzle-orm|postgres)\//;
const ENGINE = /node_modules\/(aedes[^/]*|mqtt-packet|bl|qlobber|mqemitter)\//;
const OWNERS: readonly [string, RegExp][] = [
  ['aedes', /node_modules\/aedes[^/]*\//],
  ['mqtt-packet, bl, debug', /node_modules\/(mqtt-packet|bl|debug|readable-stream)\//],
  ['qlobber, mqemitter', /node_modules\/(qlobber|mqemitter|fastfall|fastparallel|fastseries|reusify)[^/]*\//],
  ['zod', /node_modules\/zod\//],
  ['other packages', /node_modules\//],
  ['node (JS)', /^node:/],
];

function leafOwner(frame: Frame): string {
  if (frame.url === '')
    return frame.functionName.startsWith('(') ? frame.functionName : 'native (builtins, C++)';
  return OWNERS.find(([, re]) => re.test(frame.url))?.[0] ?? 'other';
}

const fnKey = (f: Frame) =>
  `${f.functionName || '(anonymous)'}${f.url ? ` ${basename(f.url)}:${f.lineNumber + 1}` : ''}`;

interface Summary {
  name: string;
  seconds: number;
  total: number;
  busy: number;
  owners: Map<string, number>;
  self: Map<string, number>;
  oursInclusive: Map<string, number>;
}

function summarise(name: string, file: string): Summary {
  const profile = Profile.parse(JSON.parse(readFileSync(file, 'utf8')));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const s: Summary = {
    name,
    seconds: (profile.endTime - profile.startTime) / 1e6,
    total: profile.samples.length,
    busy: 0,
    owners: new Map(),
    self: new Map(),
    oursInclusive: new Map(),
  };
  for (const id of profile.samples) {
    const leaf = byId.get(id)!.callFrame;
    if (leaf.functionName === '(idle)') continue;
    s.busy += 1;
    add(s.self, fnKey(leaf));
    const stack: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      stack.push(byId.get(at)!.callFrame);
    const ours = new Set(stack.filter((f) => OURS.test(f.url)).map(fnKey));
    for (const key of ours) add(s.oursInclusive, key);
    const nearest = stack.find((f) => OURS.test(f.url) || DATABASE.test(f.url) || ENGINE.test(f.url));
    if (nearest === undefined) add(s.owners, leafOwner(leaf));
    else if (OURS.test(nearest.url)) add(s.owners, 'ours (with what it calls)');
    else if (DATABASE.test(nearest.url)) add(s.owners, 'database (drizzle, postgres.js)');
    else add(s.owners, `${leafOwner(nearest)} (with what it calls)`);
  }
  return s;
}

const top = Number(process.argv.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
const inputs = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (inputs.length === 0) {
  console.error('usage: profile-summary.ts <name>=<file.cpuprofile> … [--top=25]');
  process.exit(2);
}
const summaries = inputs.map((arg) => {
  const [name, file] = arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [basename(arg), arg];
  return summarise(name, file);
});

const pct = (count: number, s: Summary) => `${((100 * count) / s.busy).toFixed(1)} %`;
const cell = (count: number | undefined, s: Summary) => `${count ?? 0} (${pct(count ?? 0, s)})`;
const table = (title: string, keys: string[], of: (s: Summary) => Map<string, number>) => {
  console.log(`\n| ${title} | ${summaries.map((s) => s.name).join(' | ')} |`);
  console.log(`| --- |${summaries.map(() => ' --- |').join('')}`);
  for (const key of keys)
    console.log(`| ${key} | ${summaries.map((s) => cell(of(s).get(key), s)).join(' | ')} |`);
};
const topKeys = (of: (s: Summary) => Map<string, number>, n: number) => [
  ...new Set(
    summaries.flatMap((s) =>
      [...of(s)]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k]) => k),
    ),
  ),
];

console.log(`| profile | span | samples | busy (not idle) | busy samples per s |`);
console.log('| --- | --- | --- | --- | --- |');
for (const s of summaries)
  console.log(
    `| ${s.name} | ${s.seconds.toFixed(1)} s | ${s.total} | ${s.busy} (${((100 * s.busy) / s.total).toFixed(2)} %) | ${(s.busy / s.seconds).toFixed(1)} |`,
  );
table(
  'owner of the sample',
  topKeys((s) => s.owners, 20),
  (s) => s.owners,
);
table(
  'function, self',
  topKeys((s) => s.self, top),
  (s) => s.self,
);
table(
  'ours, inclusive',
  topKeys((s) => s.oursInclusive, Math.ceil(top / 2)),
  (s) => s.oursInclusive,
);
