import { type ChildProcess, spawn } from 'node:child_process';
import { type Clock, systemClock } from '@screenvisit/protocol';
import { type Logger, pino } from 'pino';
import { HardwareError } from '../errors.js';
import { checkPercent } from '../percent.js';
import type { Speaker } from '../types.js';

export interface GstSpeakerOptions {
  /** A GStreamer sink with its properties, e.g. `autoaudiosink`, `alsasink device=hw:1`, `fakesink`. */
  sink?: string;
  gstLaunch?: string;
  toneHz?: number;
  /** Initial volume, 0-100. */
  volume?: number;
  startTimeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface GstSpeaker extends Speaker {
  /** The gst-launch-1.0 process while ringing. */
  readonly pid: number | undefined;
}

const PLAYING = 'Setting pipeline to PLAYING';
const KILL_GRACE_MS = 2_000;

/**
 * The ring tone as a live `audiotestsrc` pipeline: `wave=ticks` makes a beep of `sine-periods-per-tick`
 * periods at the start of every `tick-interval` (here 0.4 s of tone each second), looping until killed.
 */
export function ringPipeline(options: { toneHz: number; volume: number; sink: string }): string[] {
  return [
    'audiotestsrc',
    'is-live=true',
    'wave=ticks',
    `freq=${options.toneHz}`,
    `sine-periods-per-tick=${Math.max(1, Math.round(options.toneHz * 0.4))}`,
    'tick-interval=1000000000',
    '!',
    'volume',
    `volume=${(options.volume / 100).toFixed(2)}`,
    '!',
    'audioconvert',
    '!',
    'audioresample',
    '!',
    ...options.sink.trim().split(/\s+/),
  ];
}

function probe(gstLaunch: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(gstLaunch, ['--version'], { stdio: 'ignore' });
    proc.once('error', (error) =>
      reject(HardwareError.unavailable(`${gstLaunch} cannot be run (GStreamer)`, error)),
    );
    proc.once('exit', (code) =>
      code === 0 ? resolve() : reject(HardwareError.unavailable(`${gstLaunch} --version exited ${code}`)),
    );
  });
}

/**
 * The speaker through GStreamer's gst-launch-1.0. Opening checks that gst-launch-1.0 runs; ringing spawns
 * the pipeline and resolves once it reports PLAYING, so a broken sink fails startRinging() with its error.
 *
 * INVARIANTS
 * - Operations run one at a time in call order, so start/stop/volume never race over the process.
 * - `child` is set only while a pipeline is playing; a pipeline that dies by itself clears it (ringing false).
 */
export async function openGstSpeaker(options: GstSpeakerOptions = {}): Promise<GstSpeaker> {
  const gstLaunch = options.gstLaunch ?? 'gst-launch-1.0';
  const sink = options.sink ?? 'autoaudiosink';
  const toneHz = options.toneHz ?? 880;
  const startTimeoutMs = options.startTimeoutMs ?? 5_000;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? pino({ name: 'hardware.speaker' });
  let volume = checkPercent('volume', options.volume ?? 80);
  if (sink.trim() === '' || sink.includes('!')) {
    throw HardwareError.invalidConfig([
      `audio sink must be one GStreamer element, got ${JSON.stringify(sink)}`,
    ]);
  }
  await probe(gstLaunch);

  let child: ChildProcess | undefined;
  let closed = false;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = chain.then(op);
    chain = run.catch(() => {});
    return run;
  };
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const spawnPipeline = () =>
    new Promise<ChildProcess>((resolve, reject) => {
      const proc = spawn(gstLaunch, ringPipeline({ toneHz, volume, sink }), {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      let ready = false;
      const timer = clock.setTimeout(() => {
        proc.kill('SIGKILL');
        reject(HardwareError.io(`${gstLaunch} did not start playing within ${startTimeoutMs} ms`));
      }, startTimeoutMs);
      // Keep draining both pipes (a full pipe would stall gst-launch) and keep the tail for error messages.
      const collect = (data: Buffer) => {
        output = (output + data.toString()).slice(-2_000);
      };
      proc.stdout?.on('data', (data: Buffer) => {
        collect(data);
        if (!ready && output.includes(PLAYING)) {
          ready = true;
          clock.clearTimeout(timer);
          resolve(proc);
        }
      });
      proc.stderr?.on('data', collect);
      proc.once('error', (error: NodeJS.ErrnoException) => {
        clock.clearTimeout(timer);
        if (error.code === 'ENOENT')
          reject(HardwareError.unavailable(`${gstLaunch} is not installed`, error));
        else reject(HardwareError.io(`${gstLaunch} failed`, error));
      });
      proc.once('exit', (code, signal) => {
        if (!ready) {
          clock.clearTimeout(timer);
          const detail = output.trim().split('\n').slice(-3).join(' | ');
          reject(HardwareError.io(`${gstLaunch} exited (${code ?? signal}) before playing: ${detail}`));
        } else if (child === proc) {
          child = undefined;
          logger.error({ code, signal }, 'ring tone pipeline died');
        }
      });
    });

  const stopPipeline = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = clock.setTimeout(() => proc.kill('SIGKILL'), KILL_GRACE_MS);
      proc.once('exit', () => {
        clock.clearTimeout(force);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  };

  const open = () => {
    if (closed) throw HardwareError.closed('speaker');
  };

  return {
    startRinging: () =>
      serial(async () => {
        open();
        if (child) return;
        child = await spawnPipeline();
      }),
    stopRinging: () =>
      serial(async () => {
        open();
        await stopPipeline();
      }),
    async setVolume(percent) {
      checkPercent('volume', percent);
      return serial(async () => {
        open();
        volume = percent;
        // gst-launch cannot change a property of a running pipeline: restart it at the new volume.
        if (child) {
          await stopPipeline();
          child = await spawnPipeline();
        }
      });
    },
    get state() {
      return { ringing: child !== undefined, volume };
    },
    get pid() {
      return child?.pid;
    },
    close: () =>
      serial(async () => {
        if (closed) return;
        closed = true;
        await stopPipeline();
        process.removeListener('exit', killOnExit);
      }),
  };
}
