/**
 * What the kiosk's speaker can play, and how each one sounds. Three tones a resident must tell apart by ear
 * alone, in the dark, without her glasses: a call for her, her own call ringing out, and her call reaching
 * nobody. The two for her own call are the ones every Danish telephone plays its caller (ITU-T E.180
 * Supplement 2, Denmark: 425 Hz; ringing tone 1 s on, 4 s off; busy tone 0.25 s on, 0.25 s off), so they mean
 * what she already knows they mean; the ring for her is higher and faster, as it always was.
 */
export const speakerTones = ['ring', 'ringback', 'not-reached'] as const;
export type SpeakerTone = (typeof speakerTones)[number];

/** A beep of `onMs` at `hz` at the start of every `everyMs`; looping until stopped, or `forMs` in all. */
export interface ToneSound {
  readonly hz: number;
  readonly onMs: number;
  readonly everyMs: number;
  /** null: loops until stopped. A number: plays once for that long and falls silent by itself. */
  readonly forMs: number | null;
}

export const TONE_SOUNDS = {
  /** A call for the kiosk. Its pitch is the board's `ringToneHz` (880 by default). */
  ring: { hz: 880, onMs: 400, everyMs: 1_000, forMs: null },
  /** The kiosk's own call (the night-watch button) while it rings out: low and slow, never taken for a call in. */
  ringback: { hz: 425, onMs: 1_000, everyMs: 5_000, forMs: null },
  /** Her call reached nobody: three short busy beeps, then silence ("it did not go through"). */
  'not-reached': { hz: 425, onMs: 250, everyMs: 500, forMs: 1_500 },
} as const satisfies Record<SpeakerTone, ToneSound>;

/** How long the one-shot 'not-reached' tone plays. */
export const NOT_REACHED_TONE_MS = TONE_SOUNDS['not-reached'].forMs;
