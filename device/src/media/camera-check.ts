import { existsSync } from 'node:fs';
import type { GstDevices } from './gstreamer/pipeline.js';

/** V4L2's first capture device: a USB camera, or the Pi camera through the V4L2 compatibility layer. */
export const DEFAULT_CAMERA_DEVICE = '/dev/video0';

export interface CameraCheck {
  /** The devices to build calls with: the camera replaced by a black picture when it is missing. */
  readonly devices: GstDevices;
  /** The device node that was looked for and not found; null when the camera is there (or not checkable). */
  readonly missing: string | null;
}

/**
 * Looks for the kiosk's camera before the first call (issue 11 "Done when": a missing camera gives a clear
 * Danish message and a clear log line, never a crash loop). Without this, v4l2src fails only when a call is
 * answered, the pipeline errors and the call hangs up: the citizen would lose the call, not only the picture.
 * With it, calls still carry sound both ways and the caller's video, and the screen says the camera is broken.
 * A libcamera source is not checked here: it has no device node, and its pipeline error ends the call as before.
 */
export function checkCamera(
  devices: GstDevices,
  exists: (path: string) => boolean = existsSync,
): CameraCheck {
  if (devices.camera !== 'v4l2') return { devices, missing: null };
  const path = devices.cameraDevice ?? DEFAULT_CAMERA_DEVICE;
  if (exists(path)) return { devices, missing: null };
  const { cameraDevice: _, ...rest } = devices;
  return { devices: { ...rest, camera: 'none' }, missing: path };
}
