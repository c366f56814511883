export { BLINK_HALF_PERIOD_MS } from './blinker.js';
export {
  createDebouncer,
  DEFAULT_DEBOUNCE_MS,
  DEFAULT_LONG_PRESS_MS,
  type Debouncer,
  type Level,
} from './debounce.js';
export { HardwareError, type HardwareErrorReason, hardwareErrorReasons, isHardwareError } from './errors.js';
export { FB_BLANK_POWERDOWN, FB_BLANK_UNBLANK, openBacklightScreen } from './real/backlight-screen.js';
export { createRealBoard, type RealBoard } from './real/board.js';
export {
  parseRealBoardConfig,
  type RealBoardConfig,
  type RealBoardConfigInput,
  realBoardConfigSchema,
} from './real/config.js';
export type { GpioLed } from './real/gpio-led.js';
export { PI_HEADER_CHIP_LABELS, resolveGpioNumber } from './real/gpio-number.js';
export { type GstSpeaker, openGstSpeaker } from './real/gst-speaker.js';
export { createSimulatedBoard } from './sim/board.js';
export type {
  RawEdge,
  SimulatedBoard,
  SimulatedBoardOptions,
  SimulatedButton,
  SimulatedChange,
  SimulatedLed,
  SimulatedSnapshot,
} from './sim/types.js';
export {
  NOT_REACHED_TONE_MS,
  type SpeakerTone,
  speakerTones,
  TONE_SOUNDS,
  type ToneSound,
} from './tones.js';
export * from './types.js';
