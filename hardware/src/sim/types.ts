import type { Clock } from '@screenvisit/protocol';
import type { Logger } from 'pino';
import type { Level } from '../debounce.js';
import type {
  Board,
  Button,
  ButtonEvent,
  ButtonName,
  Led,
  LedName,
  LedPattern,
  Screen,
  Speaker,
} from '../types.js';

export interface SimulatedBoardOptions {
  clock?: Clock;
  debounceMs?: number;
  longPressMs?: number;
  logger?: Logger;
}

export type ScreenState = Screen['state'];
export type SpeakerState = Speaker['state'];

/** What a dev page shows live: every state change of the simulated board, and every button event. */
export type SimulatedChange =
  | { readonly part: 'button'; readonly name: ButtonName; readonly event: ButtonEvent }
  | { readonly part: 'led'; readonly name: LedName; readonly pattern: LedPattern }
  | { readonly part: 'screen'; readonly state: ScreenState }
  | { readonly part: 'speaker'; readonly state: SpeakerState };

export interface SimulatedSnapshot {
  readonly buttons: Record<ButtonName, { readonly pressed: boolean }>;
  readonly leds: Record<LedName, { readonly pattern: LedPattern; readonly lit: boolean }>;
  readonly screen: ScreenState;
  readonly speaker: SpeakerState;
}

/** A raw level on the button's line `atMs` after the call; 1 = pressed. */
export interface RawEdge {
  readonly level: Level;
  readonly atMs: number;
}

export interface SimulatedButton extends Button {
  /** The debounced state. */
  readonly pressed: boolean;
}

export interface SimulatedLed extends Led {
  /** Whether the LED is lit right now (blink patterns toggle this on the board's clock). */
  readonly lit: boolean;
}

export interface SimulatedBoard extends Board {
  readonly kind: 'simulated';
  readonly buttons: Record<ButtonName, SimulatedButton>;
  readonly leds: Record<LedName, SimulatedLed>;
  /** A clean short press: held twice the debounce window, so 'press' follows about 3 windows later. */
  press(name: ButtonName): void;
  /** Held for `ms`, then released; resolves once the release has settled (any event has been emitted). */
  pressAndHold(name: ButtonName, ms: number): Promise<void>;
  /** Raw edges as a bouncing contact makes them; resolves once the last edge has settled. */
  bounce(name: ButtonName, edges: readonly RawEdge[]): Promise<void>;
  onChange(listener: (change: SimulatedChange) => void): () => void;
  snapshot(): SimulatedSnapshot;
}
