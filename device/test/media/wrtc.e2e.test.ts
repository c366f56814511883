import { expect, it } from 'vitest';
import { hasChromium, requireOrSkip } from '../../../test-support/requirements.js';
import { createLogger } from '../../src/logger.js';
import { probeMediaEngine } from '../../src/media/probe.js';
import { WrtcEngine } from '../../src/media/wrtc/wrtc-engine.js';
import type { MediaEngine } from '../../src/media-engine.js';
import { engineSuite } from './engine-suite.js';

const log = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });
const engine: MediaEngine | null = await WrtcEngine.create({ log }).catch(() => null);
const wrtc = requireOrSkip('@roamhq/wrtc', engine !== null, 'npm install in device/ (optional dependency)');
const chromium = hasChromium();

engineSuite('wrtc', {
  enabled: wrtc && chromium,
  engine: async () => engine as MediaEngine,
  codecs: ['VP8'],
});

it.skipIf(!wrtc)('is the engine the probe picks when GStreamer is left out', async () => {
  expect((await probeMediaEngine({ log, exclude: ['gstreamer'] })).name).toBe('wrtc');
});

it('reports no engine when neither is allowed', async () => {
  const none = await probeMediaEngine({ log, exclude: ['gstreamer', 'wrtc'] });
  expect(none.name).toBe('none');
  expect(none.available).toBe(false);
});
