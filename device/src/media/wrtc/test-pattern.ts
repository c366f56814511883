/**
 * Synthetic media for the portable engine: an I420 frame with a bar sweeping across a grey field (so a
 * frozen stream is visible at a glance), and 10 ms of a quiet 440 Hz tone. I420 = full-size Y plane, then
 * quarter-size U and V planes (libyuv / RTCVideoFrame layout).
 */
export function i420Frame(width: number, height: number, frameNumber: number): Uint8Array {
  const ySize = width * height;
  const chromaSize = (width / 2) * (height / 2);
  const data = new Uint8Array(ySize + 2 * chromaSize);
  data.fill(96, 0, ySize);
  const barWidth = Math.max(2, Math.floor(width / 16));
  const x0 = (frameNumber * 4) % width;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = x0; x < Math.min(width, x0 + barWidth); x++) data[row + x] = 235;
  }
  data.fill(90, ySize, ySize + chromaSize); // U
  data.fill(240, ySize + chromaSize); // V: a red tint
  return data;
}

export const AUDIO_RATE = 48_000;
const SAMPLES_PER_10MS = AUDIO_RATE / 100;

export function toneChunk(chunkNumber: number): Int16Array {
  const samples = new Int16Array(SAMPLES_PER_10MS);
  for (let i = 0; i < samples.length; i++) {
    const t = (chunkNumber * SAMPLES_PER_10MS + i) / AUDIO_RATE;
    samples[i] = Math.round(Math.sin(2 * Math.PI * 440 * t) * 3_000);
  }
  return samples;
}
