import { z } from 'zod';
import { IsoTime } from '../ids.js';

/** The kiosk's states; docs/protocol.md has the transition table the agent enforces. */
export const DeviceStateName = z.enum([
  'unenrolled',
  'asleep',
  'idle',
  'ringing',
  'connecting',
  'in_call',
  'ending',
  'wiping',
]);
export type DeviceStateName = z.infer<typeof DeviceStateName>;

export const MediaEngineName = z.enum(['gstreamer', 'wrtc', 'none']);
export type MediaEngineName = z.infer<typeof MediaEngineName>;

/**
 * Retained on sv/v1/d/{id}/state. The same topic carries the last will {"v":1,"status":"offline"},
 * which the broker publishes, retained, when the session ends without DISCONNECT [MQTT-3.1.2-8].
 */
export const DeviceState = z
  .object({
    v: z.literal(1),
    status: z.enum(['online', 'offline']),
    state: DeviceStateName.optional(),
    engine: MediaEngineName.optional(),
    software: z.string().max(64).optional(),
    configVersion: z.number().int().min(0).optional(),
    /**
     * The config schema the kiosk understands (config-schema.ts CONFIG_SCHEMA), in every `online` state; the
     * cloud shapes its configs for it. Absent (kiosks before schema 2, and the last will): the oldest schema.
     * Any positive number is accepted, so a kiosk newer than the cloud is not refused: it gets all the cloud has.
     */
    configSchema: z.number().int().min(1).max(1_000_000).optional(),
    at: IsoTime.optional(),
  })
  .strict();
export type DeviceState = z.infer<typeof DeviceState>;

export const OFFLINE_WILL: DeviceState = { v: 1, status: 'offline' };

export const Heartbeat = z
  .object({
    v: z.literal(1),
    uptimeS: z.number().int().min(0),
    software: z.string().max(64),
    engine: MediaEngineName,
    rttMs: z.number().min(0).max(600_000).optional(),
    temperatureC: z.number().min(-40).max(150).optional(),
    at: IsoTime,
  })
  .strict();
export type Heartbeat = z.infer<typeof Heartbeat>;
