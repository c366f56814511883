import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { executableExists, requireOrSkip } from '../test-support/requirements.js';
import { startXvfb as startFreeXvfb } from '../test-support/xvfb.js';

const run = promisify(execFile);

/** The kiosk screen's test tools from apt: Xvfb, xwd (x11-apps), convert (imagemagick), tesseract, xdotool. */
export function hasScreenTools(): boolean {
  const tools: [string, string][] = [
    ['/usr/bin/Xvfb', 'xvfb'],
    ['/usr/bin/xwd', 'x11-apps'],
    ['/usr/bin/convert', 'imagemagick'],
    ['/usr/bin/tesseract', 'tesseract-ocr tesseract-ocr-dan'],
    ['/usr/bin/xdotool', 'xdotool'],
  ];
  return tools.every(([path, pkg]) => requireOrSkip(path, executableExists(path), `apt-get install ${pkg}`));
}

export interface VirtualScreen {
  readonly display: string;
  /** Save the whole screen as a PNG. */
  capture(file: string): Promise<string>;
  /** Raw RGB bytes of a rectangle of a PNG. */
  pixels(file: string, r: { x: number; y: number; width: number; height: number }): Promise<Buffer>;
  /** The words tesseract reads in a PNG (Danish model): "what a person would read". */
  read(file: string, region?: { x: number; y: number; width: number; height: number }): Promise<string>;
  /** A real pointer click through the X server, as a finger on the touch panel would. */
  click(x: number, y: number): Promise<void>;
  stop(): Promise<void>;
}

/** An Xvfb on a free display number (test-support/xvfb.ts), 800×480 by default, with the tools above. */
export async function startXvfb(size?: { width: number; height: number }): Promise<VirtualScreen> {
  const xvfb = await startFreeXvfb(size);
  const display = xvfb.display;
  const env = { ...process.env, DISPLAY: display };
  return {
    display,
    async capture(file) {
      await run('sh', ['-c', `xwd -root -silent -display ${display} | convert xwd:- png:"${file}"`]);
      return file;
    },
    async pixels(file, r) {
      const { stdout } = await run(
        'convert',
        [file, '-crop', `${r.width}x${r.height}+${r.x}+${r.y}`, '+repage', '-depth', '8', 'rgb:-'],
        { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
      );
      return stdout;
    },
    async read(file, region) {
      let input = file;
      if (region) {
        // Over moving video, read only the overlay's box (tesseract gives up on a busy full frame).
        input = file.replace(/\.png$/, `.crop-${region.x}-${region.y}.png`);
        await run('convert', [
          file,
          '-crop',
          `${region.width}x${region.height}+${region.x}+${region.y}`,
          '+repage',
          // Light text on any background -> black on white with a margin: what tesseract reads best.
          ...[
            '-colorspace',
            'Gray',
            '-threshold',
            '80%',
            '-negate',
            '-bordercolor',
            'white',
            '-border',
            '20',
          ],
          input,
        ]);
      }
      const { stdout } = await run('tesseract', [input, 'stdout', '-l', 'dan'], { env });
      if (region) await rm(input, { force: true });
      return stdout.replace(/\s+/g, ' ').trim();
    },
    async click(x, y) {
      await run('xdotool', ['mousemove', String(x), String(y), 'click', '1'], { env });
    },
    stop: () => xvfb.stop(),
  };
}

/** How many pixels differ (any channel by more than 24) between two equally sized RGB buffers. */
export function changedPixels(a: Buffer, b: Buffer): number {
  let changed = 0;
  for (let i = 0; i + 2 < Math.min(a.length, b.length); i += 3) {
    if (
      Math.abs(a[i]! - b[i]!) > 24 ||
      Math.abs(a[i + 1]! - b[i + 1]!) > 24 ||
      Math.abs(a[i + 2]! - b[i + 2]!) > 24
    )
      changed++;
  }
  return changed;
}

/** Share of pixels that are not the background colour (text drawn in a label's box). */
export function inkShare(rgb: Buffer, background: [number, number, number]): number {
  let ink = 0;
  const n = Math.floor(rgb.length / 3);
  for (let i = 0; i < n; i++) {
    const d =
      Math.abs(rgb[i * 3]! - background[0]) +
      Math.abs(rgb[i * 3 + 1]! - background[1]) +
      Math.abs(rgb[i * 3 + 2]! - background[2]);
    if (d > 96) ink++;
  }
  return n === 0 ? 0 : ink / n;
}

export async function screensFolder(name: string): Promise<string> {
  const dir = join(process.cwd(), 'test-results', 'kiosk-screen', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}
