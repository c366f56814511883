import type { LedPattern, SpeakerTone } from '@screenvisit/hardware';
import type { DeviceStateName } from '@screenvisit/protocol';

/**
 * The states the dev control page names, Danish first with English beside it (as its buttons do). Tables keyed
 * by the hardware's and the agent's own names, so the compiler rejects a state without words: the lamp rows
 * showed the raw pattern ("off", "blink-slow") in English on the Danish page.
 */
export interface Said {
  readonly da: string;
  readonly en: string;
}

export const LED_PATTERN_WORDS = {
  off: { da: 'slukket', en: 'off' },
  on: { da: 'lyser', en: 'on' },
  'blink-slow': { da: 'blinker langsomt', en: 'blinking slowly' },
  'blink-fast': { da: 'blinker hurtigt', en: 'blinking fast' },
} as const satisfies Record<LedPattern, Said>;

export const KIOSK_MODE_WORDS = {
  unenrolled: { da: 'ikke sat op', en: 'not set up' },
  asleep: { da: 'sover', en: 'asleep' },
  idle: { da: 'hviler', en: 'at rest' },
  ringing: { da: 'ringer', en: 'ringing' },
  connecting: { da: 'forbinder', en: 'connecting' },
  in_call: { da: 'i opkald', en: 'in a call' },
  ending: { da: 'afslutter', en: 'ending' },
  wiping: { da: 'nulstilles', en: 'being wiped' },
} as const satisfies Record<DeviceStateName, Said>;

/**
 * What the speaker plays, `{n}` its volume: a walk (and a developer with the sound off) can tell the ring for a
 * call from the kiosk's own call ringing out and from "nobody was reached"; the row said only "stille" before.
 */
export const SPEAKER_TONE_WORDS = {
  ring: { da: 'ringer, lydstyrke {n} %', en: 'ringing, volume {n}%' },
  ringback: {
    da: 'ringer ud, venter på svar, lydstyrke {n} %',
    en: 'ringing out, waiting for an answer, volume {n}%',
  },
  'not-reached': {
    da: 'tone: ingen blev nået, lydstyrke {n} %',
    en: 'tone: nobody was reached, volume {n}%',
  },
} as const satisfies Record<SpeakerTone, Said>;

/** The rest of the page's states; `{n}` is a percentage, `{sent}` and `{received}` are video frames. */
export const STATE_WORDS = {
  screenOn: { da: 'tændt, lysstyrke {n} %', en: 'on, brightness {n}%' },
  screenOff: { da: 'slukket, lysstyrke {n} %', en: 'off, brightness {n}%' },
  speakerQuiet: { da: 'stille, lydstyrke {n} %', en: 'quiet, volume {n}%' },
  video: {
    da: 'sender {sent} billeder, modtager {received}',
    en: 'sending {sent} frames, receiving {received}',
  },
  noVideo: { da: 'ingen video lige nu', en: 'no video now' },
  online: { da: 'forbundet', en: 'connected' },
  offline: { da: 'ikke forbundet', en: 'not connected' },
  agentSilent: { da: 'agenten svarer ikke', en: 'the agent does not answer' },
  noDeviceId: { da: 'ikke sat op', en: 'not set up' },
} as const satisfies Record<string, Said>;

/** Everything the page's script needs, as one JSON literal it embeds. */
export const DEV_PAGE_WORDS = {
  led: LED_PATTERN_WORDS,
  mode: KIOSK_MODE_WORDS,
  speaker: SPEAKER_TONE_WORDS,
  state: STATE_WORDS,
} as const;

/** JSON safe inside a <script> element: no "</script>" or "<!--" can end or change it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
