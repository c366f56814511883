import { createLogger } from '../device/src/logger.js';
import { WrtcEngine } from '../device/src/media/wrtc/wrtc-engine.js';
import { hasChromium, requireOrSkip } from '../test-support/requirements.js';
import { kioskScreenSuite } from './kiosk-screen-suite.js';
import { hasScreenTools } from './screen-capture.js';

const log = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
const available = requireOrSkip(
  '@roamhq/wrtc',
  (await WrtcEngine.create({ log }).catch(() => null)) !== null,
  'npm install in device/ (optional dependency)',
);

// The wrtc engine hands its decoded I420 frames to the same screen, which draws them.
kioskScreenSuite('wrtc', {
  enabled: available && hasChromium() && hasScreenTools(),
  engine: (view) => WrtcEngine.create({ log, view }),
});
