import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHardwareError } from '../../src/errors.js';
import type { Speaker } from '../../src/types.js';

export interface SpeakerHarness {
  readonly speaker: Speaker;
  /**
   * Whether sound is being produced, and which producer (the gst-launch process id for the real driver),
   * so idempotence and restarts can be told apart.
   */
  observe(): { sounding: boolean; producer: unknown };
  close(): Promise<void>;
}

export function speakerSuite(label: string, factory: () => Promise<SpeakerHarness>): void {
  describe(`Speaker contract: ${label}`, () => {
    let h: SpeakerHarness;
    beforeEach(async () => {
      h = await factory();
    });
    afterEach(async () => {
      await h.close();
    });

    it('starts silent, rings until stopped, then is silent again', async () => {
      expect(h.speaker.state.ringing).toBe(false);
      expect(h.observe().sounding).toBe(false);
      await h.speaker.startRinging();
      expect(h.speaker.state.ringing).toBe(true);
      expect(h.observe().sounding).toBe(true);
      await h.speaker.stopRinging();
      expect(h.speaker.state.ringing).toBe(false);
      expect(h.observe().sounding).toBe(false);
    });

    it('treats a second startRinging as the same ring', async () => {
      await h.speaker.startRinging();
      const first = h.observe().producer;
      await h.speaker.startRinging();
      expect(h.observe()).toEqual({ sounding: true, producer: first });
    });

    it('treats stopRinging while silent as a no-op', async () => {
      await h.speaker.stopRinging();
      expect(h.speaker.state.ringing).toBe(false);
    });

    it('sets the volume, also while ringing, and keeps ringing', async () => {
      await h.speaker.setVolume(30);
      expect(h.speaker.state.volume).toBe(30);
      await h.speaker.startRinging();
      await h.speaker.setVolume(70);
      expect(h.speaker.state).toEqual({ ringing: true, volume: 70 });
      expect(h.observe().sounding).toBe(true);
    });

    it('refuses volume outside 0-100 and keeps the old one', async () => {
      await h.speaker.setVolume(40);
      for (const bad of [-5, 150, Number.NaN]) {
        const error = await h.speaker.setVolume(bad).catch((e: unknown) => e);
        expect(isHardwareError(error, 'invalid_argument')).toBe(true);
      }
      expect(h.speaker.state.volume).toBe(40);
    });

    it('settles start and stop issued together in call order', async () => {
      await Promise.all([h.speaker.startRinging(), h.speaker.stopRinging(), h.speaker.startRinging()]);
      expect(h.speaker.state.ringing).toBe(true);
      await Promise.all([h.speaker.stopRinging(), h.speaker.startRinging(), h.speaker.stopRinging()]);
      expect(h.speaker.state.ringing).toBe(false);
      expect(h.observe().sounding).toBe(false);
    });

    it('goes silent on close and refuses work afterwards', async () => {
      await h.speaker.startRinging();
      await h.speaker.close();
      expect(h.observe().sounding).toBe(false);
      const error = await h.speaker.startRinging().catch((e: unknown) => e);
      expect(isHardwareError(error, 'closed')).toBe(true);
    });
  });
}
