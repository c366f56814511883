import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isHardwareError, parseRealBoardConfig, type RealBoardConfigInput } from '@screenvisit/hardware';
import {
  EnrolmentCode,
  HEARTBEAT_DEFAULT_SECONDS,
  HEARTBEAT_MAX_SECONDS,
  HEARTBEAT_MIN_SECONDS,
  MISSED_HEARTBEATS_BEFORE_OFFLINE,
  minOfflineAfterSeconds,
} from '@screenvisit/protocol';
import {
  ConfigError,
  defineEnv,
  type EnvValues,
  envLogLevel,
  envPort,
  isConfigError,
  parseEnv,
} from '@screenvisit/protocol/env';
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });
const mqttUrl = z.url({
  protocol: /^(mqtts?|wss?)$/,
  error: 'expected an mqtt://, mqtts://, ws:// or wss:// URL',
});

/** Every variable the kiosk agent reads. docs/operations.md is generated from this table. */
export const deviceEnv = defineEnv({
  CLOUD_URL: {
    schema: httpUrl,
    doc: 'Base URL of the cloud, used once to trade the enrolment code for a credential (POST /api/devices/enrol).',
  },
  MQTT_URL: {
    schema: mqttUrl,
    doc: "The cloud's MQTT broker (mqtt://, mqtts://, ws:// or wss://). The device logs in with its own credential.",
  },
  DATA_DIR: {
    schema: z.string().min(1),
    default: '/var/lib/screenvisit-kiosk',
    doc: 'Folder for the credential (mode 0600) and the non-personal cached configuration. Wiping empties it.',
  },
  HARDWARE: {
    schema: z.enum(['sim', 'real']),
    doc: '`real` drives GPIO buttons, LEDs, backlight and speaker; `sim` simulates them (development and tests).',
  },
  ENROLMENT_CODE: {
    schema: EnrolmentCode.optional(),
    doc: 'One-time code XXXX-XXXX-XXXX from support. Used only at start-up and only while the device is not enrolled.',
  },
  HARDWARE_ID: {
    schema: z.string().min(1).max(128).optional(),
    doc: 'Serial sent with the enrolment so support can spot a code used on the wrong box. Default: /etc/machine-id, else the hostname.',
  },
  HEARTBEAT_SECONDS: {
    // The contract with the cloud's expiry (protocol/src/heartbeat.ts): a longer interval would show a live kiosk
    // offline after fewer than MISSED_HEARTBEATS_BEFORE_OFFLINE lost beats.
    schema: z.coerce
      .number()
      .int()
      .min(HEARTBEAT_MIN_SECONDS, { error: `at least ${HEARTBEAT_MIN_SECONDS}` })
      .max(HEARTBEAT_MAX_SECONDS, {
        error: `at most ${HEARTBEAT_MAX_SECONDS}: the cloud shows a kiosk offline after ${MISSED_HEARTBEATS_BEFORE_OFFLINE} missed heartbeats (DEVICE_OFFLINE_AFTER_SECONDS, at least ${minOfflineAfterSeconds(HEARTBEAT_MAX_SECONDS)} s)`,
      }),
    default: String(HEARTBEAT_DEFAULT_SECONDS),
    doc: `Seconds between heartbeats (uptime, round-trip time, temperature) to the cloud, ${HEARTBEAT_MIN_SECONDS} to ${HEARTBEAT_MAX_SECONDS}: the cloud shows a kiosk offline after ${MISSED_HEARTBEATS_BEFORE_OFFLINE} missed heartbeats (docs/protocol.md#heartbeat).`,
  },
  SCREEN_SLEEP_SECONDS: {
    schema: z.coerce.number().int().min(0).max(3600),
    default: '15',
    doc: 'Seconds the screen stays on after a call ends or a button wakes it, before it sleeps again (at least 3 minutes while it says the night watch could not be reached, with or without the fallback number).',
  },
  LOG_LEVEL: { schema: envLogLevel, default: 'info', doc: 'pino log level.' },
  DEV_CONTROL_PORT: {
    schema: envPort.optional(),
    doc: 'With HARDWARE=sim only: serve the dev control page (simulated screen and buttons) on 127.0.0.1 at this port.',
  },
  SCREEN: {
    schema: z.enum(['gtk', 'none']),
    default: 'none',
    doc: "`gtk` draws the kiosk screen (GTK 3 on the cage session's Wayland display, or DISPLAY) with the call's video inside; `none` runs headless (tests, the agent-only benchmark).",
  },
  MEDIA_ENGINE: {
    schema: z.enum(['auto', 'gstreamer', 'wrtc', 'none']),
    default: 'auto',
    doc: '`auto` probes GStreamer webrtcbin, then @roamhq/wrtc; name one to force it; `none` carries no media (the agent-only benchmark).',
  },
  // --- HARDWARE=real only: the board's wiring (hardware/src/real/config.ts validates it) ---------------
  GPIO_ANSWER_BUTTON: {
    schema: z.string().optional(),
    doc: 'HARDWARE=real: BCM line (0-27) of the answer/hang-up button.',
  },
  GPIO_NIGHT_WATCH_BUTTON: {
    schema: z.string().optional(),
    doc: 'HARDWARE=real: BCM line of the night-watch button.',
  },
  GPIO_STATUS_LED: { schema: z.string().optional(), doc: 'HARDWARE=real: BCM line of the status LED.' },
  GPIO_NIGHT_WATCH_LED: {
    schema: z.string().optional(),
    doc: 'HARDWARE=real: BCM line of the night-watch LED.',
  },
  BACKLIGHT_DEVICE: {
    schema: z.string().optional(),
    doc: 'HARDWARE=real: the panel under /sys/class/backlight (e.g. `10-0045` or `rpi_backlight`).',
  },
  AUDIO_SINK: {
    schema: z.string().optional(),
    doc: 'HARDWARE=real: GStreamer audio sink for the kiosk\'s tones (the ring, the ringback, "not reached"). Default: autoaudiosink.',
  },
});

const BOARD_VARS: Record<string, string> = {
  answerButtonPin: 'GPIO_ANSWER_BUTTON',
  nightWatchButtonPin: 'GPIO_NIGHT_WATCH_BUTTON',
  statusLedPin: 'GPIO_STATUS_LED',
  nightWatchLedPin: 'GPIO_NIGHT_WATCH_LED',
  backlightDevice: 'BACKLIGHT_DEVICE',
  audioSink: 'AUDIO_SINK',
};

/** The real board's configuration from the environment (undefined entries take the hardware defaults). */
export function realBoardConfigFromEnv(raw: Record<string, string | undefined>): RealBoardConfigInput {
  const config = {
    answerButtonPin: raw.GPIO_ANSWER_BUTTON,
    nightWatchButtonPin: raw.GPIO_NIGHT_WATCH_BUTTON,
    statusLedPin: raw.GPIO_STATUS_LED,
    nightWatchLedPin: raw.GPIO_NIGHT_WATCH_LED,
    backlightDevice: raw.BACKLIGHT_DEVICE,
    audioSink: raw.AUDIO_SINK || undefined,
  };
  return config as RealBoardConfigInput;
}

export type DeviceEnv = Omit<EnvValues<typeof deviceEnv>, 'HARDWARE_ID'> & { HARDWARE_ID: string };

export const DEVICE_PROCESS = 'screenvisit-kiosk';

/**
 * Parse the environment; throws ConfigError listing every problem at once, including the ones that involve
 * two variables, so the operator fixes them in one go.
 */
export function parseDeviceEnv(
  raw: Record<string, string | undefined>,
  defaultHardwareId: () => string = readDefaultHardwareId,
): DeviceEnv {
  const problems: string[] = [];
  let values: EnvValues<typeof deviceEnv> | undefined;
  try {
    values = parseEnv(DEVICE_PROCESS, deviceEnv, raw);
  } catch (e) {
    if (!isConfigError(e)) throw e;
    problems.push(...e.problems);
  }
  if (raw.DEV_CONTROL_PORT && raw.HARDWARE !== 'sim') {
    problems.push(
      'DEV_CONTROL_PORT is set but HARDWARE is not `sim`: the dev control page only drives simulated hardware',
    );
  }
  if (raw.HARDWARE === 'real') {
    try {
      parseRealBoardConfig(realBoardConfigFromEnv(raw));
    } catch (e) {
      if (!isHardwareError(e, 'invalid_config')) throw e;
      // Name the environment variables, not the hardware package's config keys.
      const named = e.problems.map((p) =>
        p.replace(/\b\w+(Pin|Device|Sink)\b/g, (key) => BOARD_VARS[key] ?? key),
      );
      problems.push(`The board wiring is incomplete or wrong: ${named.join('; ')}`);
    }
  }
  if (problems.length > 0 || !values) throw new ConfigError(DEVICE_PROCESS, problems);
  return { ...values, HARDWARE_ID: values.HARDWARE_ID ?? defaultHardwareId() };
}

export function readDefaultHardwareId(): string {
  try {
    const id = readFileSync('/etc/machine-id', 'utf8').trim();
    if (id) return id.slice(0, 128);
  } catch {
    // No machine-id (containers, some CI images): the hostname is the next best stable identifier.
  }
  return hostname().slice(0, 128) || 'unknown';
}

/** One paragraph for the operator: every problem, no stack trace. */
export function describeConfigError(error: ConfigError): string {
  const sentences = error.problems.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`));
  return `${error.process} cannot start: the configuration is invalid. ${sentences.join(' ')} Fix these and start again (docs/operations.md lists every variable).`;
}
