import { describe, expect, it } from 'vitest';
import { checkCamera } from './camera-check.js';
import { KIOSK_DEVICES, TEST_DEVICES } from './gstreamer/pipeline.js';

describe('the camera check before the first call', () => {
  it('keeps the V4L2 camera when its device node exists', () => {
    const seen: string[] = [];
    const check = checkCamera(KIOSK_DEVICES, (path) => {
      seen.push(path);
      return true;
    });
    expect(check).toEqual({ devices: KIOSK_DEVICES, missing: null });
    expect(seen).toEqual(['/dev/video0']);
  });

  it('sends a black picture instead and names the missing device when there is no camera', () => {
    const check = checkCamera({ ...KIOSK_DEVICES, cameraDevice: '/dev/video2' }, () => false);
    expect(check.missing).toBe('/dev/video2');
    expect(check.devices.camera).toBe('none');
    // Sound and the screen are untouched: the call still carries audio and the caller's video.
    expect(check.devices).toMatchObject({ microphone: 'alsa', speaker: 'alsa', display: 'gtk' });
  });

  it('looks for nothing when the source is synthetic', () => {
    expect(checkCamera(TEST_DEVICES, () => false)).toEqual({ devices: TEST_DEVICES, missing: null });
  });
});
