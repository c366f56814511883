/**
 * `npm run build:kiosk`: the kiosk agent as ONE ES module for plain `node` (no tsx at run time, issue 11 §3):
 * device/dist/screenvisit-kiosk.mjs. Native and optional modules stay outside the bundle and are loaded
 * lazily at run time (node-gtk for the screen and GStreamer, @roamhq/wrtc, onoff/epoll for GPIO); the .deb
 * and the container image ship them next to the bundle in node_modules/.
 */
import { build } from 'esbuild';

export const KIOSK_BUNDLE = 'device/dist/screenvisit-kiosk.mjs';
export const KIOSK_NATIVE_MODULES = ['node-gtk', '@roamhq/wrtc', 'onoff', 'epoll'];

export async function buildKiosk(): Promise<string> {
  await build({
    entryPoints: ['device/src/main.ts'],
    outfile: KIOSK_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    // Raspberry Pi OS bookworm ships Node 18.19.
    target: 'node18',
    minify: true,
    sourcemap: 'linked',
    external: KIOSK_NATIVE_MODULES,
    legalComments: 'external',
    // pino and mqtt still use require() internally: give the ES module a require().
    banner: {
      js: "import { createRequire as __svCreateRequire } from 'node:module'; const require = __svCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return KIOSK_BUNDLE;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await buildKiosk());
