/**
 * `npm run bench [name…]`: performance figures, printed, never asserted in tests. Each benchmark prints its
 * figures and the ratio to its target; docs/performance.md records them with the command that produced them.
 */
import { callsBenchmark } from './bench/calls.js';
import { deviceBenchmark } from './bench/device.js';
import { scaleBenchmark } from './bench/scale.js';
import { soakBenchmark } from './bench/soak.js';
import { startupBenchmark } from './bench/startup.js';

const benchmarks: Record<string, () => Promise<void>> = {
  startup: startupBenchmark,
  calls: callsBenchmark,
  device: deviceBenchmark,
  scale: scaleBenchmark,
};
/** Run only when named: the soak takes an hour (`npm run bench soak`). */
const onRequest: Record<string, () => Promise<void>> = { soak: soakBenchmark };

// `--key=value` arguments are options for the benchmarks (e.g. `npm run bench scale -- --n=1000`).
const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in benchmarks) && !(n in onRequest));
if (unknown.length > 0) {
  console.error(
    `Unknown benchmark(s): ${unknown.join(', ')}. Known: ${[...Object.keys(benchmarks), ...Object.keys(onRequest)].join(', ')}.`,
  );
  process.exit(2);
}
for (const name of names.length > 0 ? names : Object.keys(benchmarks)) {
  console.log(`\n== ${name} ==`);
  await (benchmarks[name] ?? onRequest[name])!();
}
process.exit(0);
