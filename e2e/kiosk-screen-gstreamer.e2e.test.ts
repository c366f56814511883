import { createLogger } from '../device/src/logger.js';
import { GstreamerEngine } from '../device/src/media/gstreamer/gstreamer-engine.js';
import { TEST_DEVICES } from '../device/src/media/gstreamer/pipeline.js';
import { hasChromium, requireOrSkip } from '../test-support/requirements.js';
import { kioskScreenSuite } from './kiosk-screen-suite.js';
import { hasScreenTools } from './screen-capture.js';

const log = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
const probe = await GstreamerEngine.create({ log }).catch(() => null);
const available = requireOrSkip(
  'GStreamer webrtcbin via node-gtk',
  probe?.has('gtksink') === true,
  'apt-get install gstreamer1.0-gtk3 gir1.2-gtk-3.0 gir1.2-gst-plugins-bad-1.0 gstreamer1.0-nice; node-gtk built in device/',
);

// The remote video and the self-view are gtksinks inside the kiosk screen's window (display 'gtk').
kioskScreenSuite('gstreamer', {
  enabled: available && hasChromium() && hasScreenTools(),
  engine: (view) => GstreamerEngine.create({ log, devices: { ...TEST_DEVICES, display: 'gtk' }, view }),
});
