import { createLogger } from '../device/src/logger.js';
import { WrtcEngine } from '../device/src/media/wrtc/wrtc-engine.js';
import { hasChromium, requireOrSkip } from '../test-support/requirements.js';
import { kioskSuite } from './kiosk-suite.js';

const log = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
const engine = await WrtcEngine.create({ log }).catch(() => null);
const available = requireOrSkip(
  '@roamhq/wrtc',
  engine !== null,
  'npm install in device/ (optional dependency)',
);

kioskSuite('wrtc', { enabled: available && hasChromium(), engine: async () => engine! });
