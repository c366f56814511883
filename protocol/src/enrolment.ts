import { z } from 'zod';
import { Id } from './ids.js';

/**
 * POST /api/devices/enrol. Support registers a loan device and gets a one-time enrolment code; the kiosk
 * trades it, once, for its own MQTT credential. The code carries no personal data.
 */
export const EnrolmentCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'expected XXXX-XXXX-XXXX');

export const EnrolRequest = z
  .object({
    code: EnrolmentCode,
    /** A hardware serial or similar, to spot a code used on the wrong box. Not personal data. */
    hardwareId: z.string().min(1).max(128),
  })
  .strict();
export type EnrolRequest = z.infer<typeof EnrolRequest>;

export const EnrolResponse = z
  .object({
    deviceId: Id,
    /** MQTT username is the device id; the password is this secret, shown once and stored hashed. */
    mqttUsername: Id,
    mqttPassword: z.string().min(32).max(128),
  })
  .strict();
export type EnrolResponse = z.infer<typeof EnrolResponse>;
