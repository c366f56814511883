import type { Logger } from '../logger.js';
import { type MediaEngine, NoMediaEngine, type VideoCodec } from '../media-engine.js';
import type { GstDevices } from './gstreamer/pipeline.js';
import type { IceConfig } from './ice.js';
import type { VideoView } from './video-view.js';

export interface ProbeOptions {
  log: Logger;
  ice?: IceConfig;
  /** GStreamer's camera, microphone and display; tests use the synthetic sources and fake sinks. */
  devices?: GstDevices;
  videoCodec?: VideoCodec;
  /** Skip engines, e.g. ['gstreamer'] to force wrtc. */
  exclude?: ('gstreamer' | 'wrtc')[];
  /** The kiosk screen, when there is one: both engines draw their video into it. */
  view?: VideoView;
}

/**
 * Picks the best engine this kiosk can run: GStreamer (camera, hardware H.264, direct display) when node-gtk
 * loads and webrtcbin plus an encoder exist, else @roamhq/wrtc, else NoMediaEngine. Each engine module is
 * imported only when tried, so a missing optional dependency costs nothing. The chosen name ends up in the
 * retained device state (`engine`).
 */
export async function probeMediaEngine(options: ProbeOptions): Promise<MediaEngine> {
  const log = options.log.child({ module: 'media' });
  const exclude = new Set(options.exclude ?? []);
  const common = {
    log: options.log,
    ...(options.ice ? { ice: options.ice } : {}),
    ...(options.view ? { view: options.view } : {}),
  };
  if (!exclude.has('gstreamer')) {
    try {
      const { GstreamerEngine } = await import('./gstreamer/gstreamer-engine.js');
      const engine = await GstreamerEngine.create({
        ...common,
        ...(options.devices ? { devices: options.devices } : {}),
        ...(options.videoCodec ? { videoCodec: options.videoCodec } : {}),
      });
      log.info({ engine: engine.name }, 'media engine chosen');
      return engine;
    } catch (err) {
      log.info({ err }, 'GStreamer engine unavailable: trying wrtc');
    }
  }
  if (!exclude.has('wrtc')) {
    try {
      const { WrtcEngine } = await import('./wrtc/wrtc-engine.js');
      const engine = await WrtcEngine.create(common);
      log.info({ engine: engine.name }, 'media engine chosen');
      return engine;
    } catch (err) {
      log.warn({ err }, 'wrtc engine unavailable');
    }
  }
  log.warn('no media engine: calls cannot carry audio or video');
  return new NoMediaEngine(options.log);
}
