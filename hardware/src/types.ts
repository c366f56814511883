import type { SpeakerTone } from './tones.js';

/**
 * The kiosk's hardware as interfaces. Each has a real driver (GPIO via onoff, sysfs backlight, ALSA/GStreamer
 * sound) and a simulator; one shared test suite per interface runs against both (hardware/test/).
 */

export type ButtonEvent = 'press' | 'long-press';

export interface Button {
  readonly name: string;
  /** Debounced: contact bounce inside the debounce window yields one event. Returns an unsubscribe function. */
  on(event: ButtonEvent, listener: () => void): () => void;
  close(): Promise<void>;
}

export type LedPattern = 'off' | 'on' | 'blink-slow' | 'blink-fast';

export interface Led {
  readonly name: string;
  set(pattern: LedPattern): Promise<void>;
  readonly pattern: LedPattern;
  close(): Promise<void>;
}

export interface Screen {
  /** Power the panel (backlight) on or off; off is the kiosk's sleep. */
  setPower(on: boolean): Promise<void>;
  /** 0-100, mapped onto the driver's own range. */
  setBrightness(percent: number): Promise<void>;
  readonly state: { readonly on: boolean; readonly brightness: number };
  close(): Promise<void>;
}

export interface Speaker {
  /**
   * Play `tone` (tones.ts), replacing whatever plays. 'ring' (a call for the kiosk) and 'ringback' (the kiosk's
   * own call ringing out) loop until stopped; 'not-reached' plays once (NOT_REACHED_TONE_MS) and then falls silent
   * by itself. The looping tone that already plays is not started over (idempotent).
   */
  play(tone: SpeakerTone): Promise<void>;
  /** Silence `tone` if it is the one playing, or without `tone` whatever plays; a no-op otherwise. */
  stop(tone?: SpeakerTone): Promise<void>;
  /** 0-100. A looping tone takes it at once; a 'not-reached' already playing ends at the volume it began with. */
  setVolume(percent: number): Promise<void>;
  /** `tone`: what plays now, null when silent. `ringing`: the 'ring' plays (a call for the kiosk). */
  readonly state: {
    readonly tone: SpeakerTone | null;
    readonly ringing: boolean;
    readonly volume: number;
  };
  close(): Promise<void>;
}

/** The buttons a loan kiosk has: the big green answer/hang-up button and the night-watch button. */
export type ButtonName = 'answer' | 'nightWatch';
export type LedName = 'status' | 'nightWatch';

export interface Board {
  readonly kind: 'real' | 'simulated';
  readonly buttons: Record<ButtonName, Button>;
  readonly leds: Record<LedName, Led>;
  readonly screen: Screen;
  readonly speaker: Speaker;
  close(): Promise<void>;
}

/** The names above as runtime lists, for zod enums at the device agent's boundaries (dev page, config). */
export const buttonNames = ['answer', 'nightWatch'] as const satisfies readonly ButtonName[];
export const ledNames = ['status', 'nightWatch'] as const satisfies readonly LedName[];
export const ledPatterns = ['off', 'on', 'blink-slow', 'blink-fast'] as const satisfies readonly LedPattern[];
