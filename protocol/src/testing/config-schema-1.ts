import { z } from 'zod';
import { Id } from '../ids.js';

/**
 * A test oracle: DeviceConfig as kiosks of config schema 1 parse it, copied verbatim from the first kiosk
 * release (git 337351b, 2026-11-22, protocol/src/mqtt/commands.ts) and never to be changed: strict, so a field
 * added since is refused, as those kiosks refuse it. Tests check that the cloud sends such a kiosk only configs
 * this accepts (config-schema.ts configForSchema), independently of the table that says what to leave out.
 */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const DeviceConfigSchema1 = z
  .object({
    volume: z.number().int().min(0).max(100),
    brightness: z.number().int().min(0).max(100),
    autoAnswer: z
      .object({ enabled: z.boolean(), countdownSeconds: z.number().int().min(3).max(60) })
      .strict(),
    quietHours: z.object({ start: ClockTime, end: ClockTime }).strict().nullable(),
    nightWatch: z.object({ enabled: z.boolean(), poolId: Id.optional() }).strict(),
    contacts: z.array(z.object({ id: Id, displayName: z.string().min(1).max(80) }).strict()).max(50),
  })
  .strict();
