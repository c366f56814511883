import type { I420Frame } from '../media/video-view.js';

/**
 * I420 (planar Y, then U and V at half resolution) to packed RGB, subsampled by `step` in both directions so
 * a self-view or a preview costs a fraction of a full conversion. BT.601 limited range, integer maths
 * (ITU-R BT.601 §2.5.1 coefficients scaled by 2^8).
 */
export function i420ToRgb(frame: I420Frame, step = 1): { width: number; height: number; rgb: Uint8Array } {
  const { width, height, data } = frame;
  const outW = Math.floor(width / step);
  const outH = Math.floor(height / step);
  const rgb = new Uint8Array(outW * outH * 3);
  const uOffset = width * height;
  const chromaW = width >> 1;
  const vOffset = uOffset + chromaW * (height >> 1);
  let o = 0;
  for (let y = 0; y < outH; y++) {
    const sy = y * step;
    const yRow = sy * width;
    const cRow = (sy >> 1) * chromaW;
    for (let x = 0; x < outW; x++) {
      const sx = x * step;
      const c = 298 * ((data[yRow + sx] ?? 16) - 16);
      const d = (data[uOffset + cRow + (sx >> 1)] ?? 128) - 128;
      const e = (data[vOffset + cRow + (sx >> 1)] ?? 128) - 128;
      rgb[o++] = clamp((c + 409 * e + 128) >> 8);
      rgb[o++] = clamp((c - 100 * d - 208 * e + 128) >> 8);
      rgb[o++] = clamp((c + 516 * d + 128) >> 8);
    }
  }
  return { width: outW, height: outH, rgb };
}

const clamp = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v);
