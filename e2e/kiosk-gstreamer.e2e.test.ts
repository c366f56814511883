import { createLogger } from '../device/src/logger.js';
import { GstreamerEngine } from '../device/src/media/gstreamer/gstreamer-engine.js';
import { hasChromium, requireOrSkip } from '../test-support/requirements.js';
import { kioskSuite } from './kiosk-suite.js';

const log = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
const engine = await GstreamerEngine.create({ log }).catch(() => null);
const available = requireOrSkip(
  'GStreamer webrtcbin via node-gtk',
  engine !== null,
  'apt-get install gir1.2-gst-plugins-bad-1.0 gstreamer1.0-nice gstreamer1.0-plugins-{good,bad}; node-gtk built in device/',
);

kioskSuite('gstreamer', { enabled: available && hasChromium(), engine: async () => engine! });
