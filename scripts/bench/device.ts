import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildKiosk, KIOSK_BUNDLE } from '../build-kiosk.js';
import { chromiumKioskRss, startXvfb, uptime } from './chromium-kiosk.js';
import { rssMb, sampleIdleKiosk, sleep } from './idle-kiosk.js';
import { phaseMedians } from './kiosk-phases.js';
import { screenLatencies } from './kiosk-screen.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const IDLE_SECONDS = Number(process.env.BENCH_DEVICE_IDLE_SECONDS ?? 30);
// Issue 11 §3.
const TARGETS = { ringP95Ms: 150, answerP50Ms: 250, agentRssMb: 60, kioskRssMb: 120, idleCpuPercent: 1 };

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const ratio = (value: number, target: number) => `${(value / target).toFixed(2)} of target`;

const CLOCK_TICKS = 100; // USER_HZ on Linux (proc(5): /proc/pid/stat utime, stime)
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/**
 * The BUNDLED agent (device/dist/screenvisit-kiosk.mjs) under plain `node`, HARDWARE=sim, enrolled and idle,
 * watched through /proc. `extraEnv` picks agent-only (no screen, no media engine) or the whole kiosk.
 */
async function idleFootprint(extraEnv: Record<string, string>): Promise<{
  engine: string;
  rssMb: number;
  peakRssMb: number;
  cpuPercent: number;
  /** What the process has mapped at the end: GTK (the screen opened), a Mesa GL driver. */
  gtk: boolean;
  glDriver: boolean;
}> {
  // The agent's warnings and errors (LOG_LEVEL=warn) are kept to tell a kiosk that ran without its screen.
  return sampleIdleKiosk({
    bundle: KIOSK_BUNDLE,
    nodeArgs: [],
    cwd: root,
    env: { HARDWARE_ID: 'bench-box', ...extraEnv },
    output: 'keep',
    sample: async ({ pid, engine, output }) => {
      await sleep(5_000); // settle after start-up (JIT, first heartbeat)
      const cpuStart = cpuSeconds(pid);
      const wallStart = performance.now();
      let peak = rssMb(pid);
      for (let s = 0; s < IDLE_SECONDS; s += 5) {
        await sleep(5_000);
        peak = Math.max(peak, rssMb(pid));
      }
      const cpu = cpuSeconds(pid) - cpuStart;
      const wall = (performance.now() - wallStart) / 1000;
      const maps = readFileSync(`/proc/${pid}/maps`, 'utf8');
      const gtk = maps.includes('/libgtk-3.so') && !output().includes('no kiosk screen');
      // A whole kiosk whose display went away (another run's Xvfb on the same number) runs on without its
      // screen and reads ~50-70 MB low: such a figure is not the whole kiosk's, so the run stops here.
      if (extraEnv.SCREEN === 'gtk' && !gtk)
        throw new Error(
          `the whole kiosk ran without its screen, its RSS is not the whole kiosk's:\n${output()}`,
        );
      return {
        engine,
        rssMb: rssMb(pid),
        peakRssMb: peak,
        cpuPercent: (100 * cpu) / wall,
        gtk,
        glDriver: /_dri\.so|libLLVM|libGLX_mesa/.test(maps),
      };
    },
  });
}

export async function deviceBenchmark(): Promise<void> {
  await buildKiosk();
  const xvfb = await startXvfb();
  try {
    console.log(`load before: ${uptime()}`);
    console.log(`each call rings ${process.env.BENCH_DEVICE_RING_MS ?? 0} ms before the answer press`);
    const { ringMs, answerMs, phases } = await screenLatencies();
    const rings = ringMs.sort((a, b) => a - b);
    const answers = answerMs.sort((a, b) => a - b);
    const ringP95 = percentile(rings, 95);
    const answerP50 = percentile(answers, 50);
    console.log(
      `ring command (MQTT) -> ringing screen painted (GTK after-paint), ${rings.length} rings from asleep:`,
    );
    console.log(
      `  p50 ${percentile(rings, 50).toFixed(1)} ms, p95 ${ringP95.toFixed(1)} ms, max ${rings.at(-1)!.toFixed(1)} ms`,
    );
    console.log(`  p95 target < ${TARGETS.ringP95Ms} ms: ${ratio(ringP95, TARGETS.ringP95Ms)}`);
    console.log(
      `answer press -> first remote frame rendered by the screen's gtksink (GStreamer engine), ${answers.length} calls:`,
    );
    console.log(`  p50 ${answerP50.toFixed(0)} ms, max ${answers.at(-1)!.toFixed(0)} ms`);
    console.log(`  p50 target < ${TARGETS.answerP50Ms} ms: ${ratio(answerP50, TARGETS.answerP50Ms)}`);
    console.log(
      '  timeline, median ms after the press (each step on its own, so the order can differ by call):',
    );
    console.log(phaseMedians(phases).join('\n'));
    // Reference in the same run and load: the same harness with the wrtc engine on the kiosk side.
    const wrtc = await screenLatencies('wrtc', 0);
    const reference = wrtc.answerMs.sort((a, b) => a - b);
    console.log(`  reference, same harness with the wrtc engine, ${reference.length} calls:`);
    console.log(
      `  p50 ${percentile(reference, 50).toFixed(0)} ms, max ${reference.at(-1)!.toFixed(0)} ms (GStreamer/wrtc ${(answerP50 / percentile(reference, 50)).toFixed(2)})`,
    );
    console.log('  timeline with wrtc, median ms after the press:');
    console.log(phaseMedians(wrtc.phases).join('\n'));

    const agent = await idleFootprint({ SCREEN: 'none', MEDIA_ENGINE: 'none' });
    const kiosk = await idleFootprint({ SCREEN: 'gtk', MEDIA_ENGINE: 'gstreamer', DISPLAY: xvfb.display });
    for (const [name, idle, target] of [
      ['agent only (SCREEN=none, MEDIA_ENGINE=none)', agent, TARGETS.agentRssMb],
      ['whole kiosk (GTK screen + GStreamer engine loaded)', kiosk, TARGETS.kioskRssMb],
    ] as const) {
      console.log(
        `${name}, bundle under plain node, idle ${IDLE_SECONDS} s after a 5 s settle (engine ${idle.engine}, GTK ${idle.gtk ? 'open' : 'not loaded'}, GL driver ${idle.glDriver ? 'mapped' : 'not mapped'}):`,
      );
      console.log(
        `  RSS ${idle.rssMb.toFixed(1)} MB (peak ${idle.peakRssMb.toFixed(1)} MB), target <= ${target} MB: ${ratio(idle.peakRssMb, target)}`,
      );
      console.log(
        `  CPU ${idle.cpuPercent.toFixed(2)} % of one core, target <= ${TARGETS.idleCpuPercent} %: ${ratio(idle.cpuPercent, TARGETS.idleCpuPercent)}`,
      );
    }
    const chromium = await chromiumKioskRss(xvfb.display, IDLE_SECONDS);
    console.log(`for comparison, a Chromium kiosk (--kiosk, one local clock page) idle ${IDLE_SECONDS} s:`);
    console.log(
      `  RSS summed over its ${chromium.processes} processes ${chromium.rssMb.toFixed(0)} MB, CPU ${chromium.cpuPercent.toFixed(2)} %`,
    );
    console.log('  balena-supervisor alone (published): 128-200 MB');
    console.log(`load after: ${uptime()}`);
  } finally {
    await xvfb.stop();
  }
}
