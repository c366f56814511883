import { type ChildProcess, spawn } from 'node:child_process';
import { type Clock, systemClock } from '@screenvisit/protocol';
import { type Logger, pino } from 'pino';
import { HardwareError } from '../errors.js';
import { checkPercent } from '../percent.js';
import { type SpeakerTone, speakerTones, TONE_SOUNDS, type ToneSound } from '../tones.js';
import type { Speaker } from '../types.js';

export interface GstSpeakerOptions {
  /** A GStreamer sink with its properties, e.g. `autoaudiosink`, `alsasink device=hw:1`, `fakesink`. */
  sink?: string;
  gstLaunch?: string;
  /** The ring's pitch (a call for the kiosk); the kiosk's own call tones keep theirs (tones.ts). */
  toneHz?: number;
  /** Initial volume, 0-100. */
  volume?: number;
  startTimeoutMs?: number;
  clock?: Clock;
  logger?: Logger;
}

export interface GstSpeaker extends Speaker {
  /** The gst-launch-1.0 process while a tone plays. */
  readonly pid: number | undefined;
}

const PLAYING = 'Setting pipeline to PLAYING';
const KILL_GRACE_MS = 2_000;
/** A one-shot tone is cut into buffers of 10 ms at a fixed rate, so `num-buffers` says how long it plays. */
const ONE_SHOT_RATE = 44_100;
const ONE_SHOT_BUFFER_MS = 10;

/**
 * A tone as a live `audiotestsrc` pipeline: `wave=ticks` makes a beep of `sine-periods-per-tick` periods at the
 * start of every `tick-interval`, looping until killed; a tone with `forMs` ends after that many 10 ms buffers
 * (EOS), and gst-launch-1.0 exits by itself.
 */
export function tonePipeline(options: { sound: ToneSound; volume: number; sink: string }): string[] {
  const { hz, onMs, everyMs, forMs } = options.sound;
  const once =
    forMs === null
      ? []
      : [
          `samplesperbuffer=${(ONE_SHOT_RATE * ONE_SHOT_BUFFER_MS) / 1000}`,
          `num-buffers=${Math.ceil(forMs / ONE_SHOT_BUFFER_MS)}`,
          '!',
          `audio/x-raw,rate=${ONE_SHOT_RATE}`,
        ];
  return [
    'audiotestsrc',
    'is-live=true',
    'wave=ticks',
    `freq=${hz}`,
    `sine-periods-per-tick=${Math.max(1, Math.round((hz * onMs) / 1000))}`,
    `tick-interval=${everyMs * 1_000_000}`,
    ...once,
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
 * The speaker through GStreamer's gst-launch-1.0. Opening checks that gst-launch-1.0 runs; playing a tone spawns
 * its pipeline and resolves once it reports PLAYING, so a broken sink fails play() with its error.
 *
 * INVARIANTS
 * - Operations run one at a time in call order, so play/stop/volume never race over the process.
 * - `playing` is set only while a pipeline plays, with the tone it plays; a pipeline that ends by itself (the
 *   one-shot tone's EOS) or dies clears it (tone null).
 */
export async function openGstSpeaker(options: GstSpeakerOptions = {}): Promise<GstSpeaker> {
  const gstLaunch = options.gstLaunch ?? 'gst-launch-1.0';
  const sink = options.sink ?? 'autoaudiosink';
  const sounds: Record<SpeakerTone, ToneSound> = {
    ...TONE_SOUNDS,
    ring: { ...TONE_SOUNDS.ring, hz: options.toneHz ?? TONE_SOUNDS.ring.hz },
  };
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

  let playing: { proc: ChildProcess; tone: SpeakerTone } | undefined;
  let closed = false;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = chain.then(op);
    chain = run.catch(() => {});
    return run;
  };
  const killOnExit = () => playing?.proc.kill('SIGKILL');
  process.once('exit', killOnExit);

  const spawnPipeline = (tone: SpeakerTone) =>
    new Promise<{ proc: ChildProcess; tone: SpeakerTone }>((resolve, reject) => {
      const proc = spawn(gstLaunch, tonePipeline({ sound: sounds[tone], volume, sink }), {
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
          resolve({ proc, tone });
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
        } else if (playing?.proc === proc) {
          playing = undefined;
          if (sounds[tone].forMs !== null && code === 0) logger.debug({ tone }, 'tone played to its end');
          else logger.error({ code, signal, tone }, 'tone pipeline died');
        }
      });
    });

  const stopPipeline = async () => {
    const proc = playing?.proc;
    playing = undefined;
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
    play(tone) {
      if (!(speakerTones as readonly string[]).includes(tone)) {
        return Promise.reject(HardwareError.invalidArgument(`unknown tone ${JSON.stringify(tone)}`));
      }
      return serial(async () => {
        open();
        if (playing?.tone === tone && sounds[tone].forMs === null) return;
        await stopPipeline();
        playing = await spawnPipeline(tone);
      });
    },
    stop: (tone) =>
      serial(async () => {
        open();
        if (tone === undefined || playing?.tone === tone) await stopPipeline();
      }),
    async setVolume(percent) {
      checkPercent('volume', percent);
      return serial(async () => {
        open();
        volume = percent;
        // gst-launch cannot change a property of a running pipeline: restart a looping tone at the new volume.
        // A one-shot tone is left to end at its own (started over, she would hear "not reached" twice).
        const tone = playing?.tone;
        if (tone !== undefined && sounds[tone].forMs === null) {
          await stopPipeline();
          playing = await spawnPipeline(tone);
        }
      });
    },
    get state() {
      const tone = playing?.tone ?? null;
      return { tone, ringing: tone === 'ring', volume };
    },
    get pid() {
      return playing?.proc.pid;
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
