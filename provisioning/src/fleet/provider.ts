/** A device as the fleet manager knows it (balena today): no personal data, just the box. */
export interface FleetDevice {
  readonly uuid: string;
  readonly name: string;
  readonly online: boolean;
  readonly osVersion: string | null;
  readonly supervisorVersion: string | null;
  readonly lastSeenAt: string | null;
}

/**
 * The fleet manager behind an interface, so the CLI and tests do not care whether it is balenaCloud,
 * openBalena or a double. Env vars are how a kiosk on the fleet learns its enrolment code and cloud URL.
 */
export interface FleetProvider {
  listDevices(): Promise<FleetDevice[]>;
  /** null when no such device (a full UUID, or the short 7-character form balena shows). */
  findByUuid(uuid: string): Promise<FleetDevice | null>;
  /** By the hardware serial the kiosk reports as its hardwareId, kept as the device tag `serial`. */
  findBySerial(serial: string): Promise<FleetDevice | null>;
  setEnv(uuid: string, vars: Readonly<Record<string, string>>): Promise<void>;
  /** The inventory label from the box's sticker, as the device tag `screenvisit-label`. */
  tagLabel(uuid: string, label: string): Promise<void>;
  restartApplication(uuid: string): Promise<void>;
}

export const LABEL_TAG = 'screenvisit-label';
export const SERIAL_TAG = 'serial';
