import { afterAll, expect, it } from 'vitest';
import { hasChromium, requireOrSkip } from '../../../test-support/requirements.js';
import { createLogger } from '../../src/logger.js';
import { GstreamerEngine } from '../../src/media/gstreamer/gstreamer-engine.js';
import { probeMediaEngine } from '../../src/media/probe.js';
import type { MediaEngine } from '../../src/media-engine.js';
import { engineSuite } from './engine-suite.js';

const log = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
const engine: MediaEngine | null = await GstreamerEngine.create({ log }).catch(() => null);
const gstreamer = requireOrSkip(
  'GStreamer webrtcbin via node-gtk',
  engine !== null,
  'apt-get install gir1.2-gst-plugins-bad-1.0 gstreamer1.0-nice gstreamer1.0-plugins-{good,bad}; node-gtk built in device/',
);
const chromium = hasChromium();

engineSuite('gstreamer', {
  enabled: gstreamer && chromium,
  engine: async () => engine as MediaEngine,
  codecs: ['VP8', 'H264'],
});

it.skipIf(!gstreamer)('is the engine the probe picks when GStreamer is complete', async () => {
  expect((await probeMediaEngine({ log })).name).toBe('gstreamer');
});

// webrtcbin and libnice threads keep the process alive after the last pipeline is NULL: end it explicitly.
afterAll(() => {
  setTimeout(() => process.exit(0), 100).unref();
});
