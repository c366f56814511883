import { describe, expect, it } from 'vitest';
import { startRingTone } from './ring-tone.js';

/** An AudioContext the browser keeps suspended (no gesture on a page a notification opened) until resumed. */
class HeldAudio {
  state: 'suspended' | 'running' | 'closed' = 'suspended';
  currentTime = 0;
  readonly destination = {};
  resumes = 0;
  /** The browser allows resume() only from a gesture: until `allowed`, it leaves the context suspended. */
  allowed = false;
  resume() {
    this.resumes++;
    if (this.allowed) this.state = 'running';
    return Promise.resolve();
  }
  close() {
    this.state = 'closed';
    return Promise.resolve();
  }
  createOscillator() {
    return { type: '', frequency: { value: 0 }, connect: (n: unknown) => n, start() {}, stop() {} };
  }
  createGain() {
    const node = {
      gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} },
      connect: (n: unknown) => n,
    };
    return node;
  }
}

describe('the ring tone on a page opened from the call notification', () => {
  it('starts sounding at her first touch anywhere on the page, though the browser held it silent', async () => {
    const audio = new HeldAudio();
    const page = new EventTarget();
    const tone = startRingTone({ audio: () => audio as unknown as AudioContext, gestures: page });
    await Promise.resolve();
    expect(audio.state).toBe('suspended');
    expect(tone.silent()).toBe(true);
    audio.allowed = true; // what a touch grants
    page.dispatchEvent(new Event('pointerdown'));
    await Promise.resolve();
    expect(audio.state).toBe('running');
    expect(tone.silent()).toBe(false);
    tone.stop();
    expect(audio.state).toBe('closed');
  });

  it('stops listening for touches once it is stopped', async () => {
    const audio = new HeldAudio();
    const page = new EventTarget();
    const tone = startRingTone({ audio: () => audio as unknown as AudioContext, gestures: page });
    tone.stop();
    const before = audio.resumes;
    page.dispatchEvent(new Event('pointerdown'));
    expect(audio.resumes).toBe(before);
  });
});
