import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isHardwareError } from '../../src/errors.js';
import { NOT_REACHED_TONE_MS, type SpeakerTone } from '../../src/tones.js';
import type { Speaker } from '../../src/types.js';

export interface SpeakerHarness {
  readonly speaker: Speaker;
  /**
   * Whether sound is being produced, and which producer (the gst-launch process id for the real driver, a count
   * of tones begun for the simulator), so idempotence and restarts can be told apart.
   */
  observe(): { sounding: boolean; producer: unknown };
  /** Let `ms` go by: the simulator's fake clock, real time for a real driver. */
  pass(ms: number): Promise<void>;
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
      expect(h.speaker.state).toMatchObject({ tone: null, ringing: false });
      expect(h.observe().sounding).toBe(false);
      await h.speaker.play('ring');
      expect(h.speaker.state).toMatchObject({ tone: 'ring', ringing: true });
      expect(h.observe().sounding).toBe(true);
      await h.speaker.stop('ring');
      expect(h.speaker.state).toMatchObject({ tone: null, ringing: false });
      expect(h.observe().sounding).toBe(false);
    });

    it('treats a second play of the ring as the same ring', async () => {
      await h.speaker.play('ring');
      const first = h.observe().producer;
      await h.speaker.play('ring');
      expect(h.observe()).toEqual({ sounding: true, producer: first });
    });

    it('treats stop while silent as a no-op', async () => {
      await h.speaker.stop();
      await h.speaker.stop('ring');
      expect(h.speaker.state.tone).toBeNull();
    });

    it('sets the volume, also while ringing, and keeps ringing', async () => {
      await h.speaker.setVolume(30);
      expect(h.speaker.state.volume).toBe(30);
      await h.speaker.play('ring');
      await h.speaker.setVolume(70);
      expect(h.speaker.state).toEqual({ tone: 'ring', ringing: true, volume: 70 });
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

    it('refuses a tone it does not have, and stays silent', async () => {
      const error = await h.speaker.play('siren' as SpeakerTone).catch((e: unknown) => e);
      expect(isHardwareError(error, 'invalid_argument')).toBe(true);
      expect(h.observe().sounding).toBe(false);
    });

    it('settles play and stop issued together in call order', async () => {
      await Promise.all([h.speaker.play('ring'), h.speaker.stop(), h.speaker.play('ring')]);
      expect(h.speaker.state.tone).toBe('ring');
      await Promise.all([h.speaker.stop(), h.speaker.play('ringback'), h.speaker.stop('ringback')]);
      expect(h.speaker.state.tone).toBeNull();
      expect(h.observe().sounding).toBe(false);
    });

    it('loops the ringback until stopped, and it is not the ring', async () => {
      await h.speaker.play('ringback');
      expect(h.speaker.state).toMatchObject({ tone: 'ringback', ringing: false });
      const first = h.observe();
      expect(first.sounding).toBe(true);
      await h.speaker.play('ringback');
      expect(h.observe()).toEqual(first);
      // Longer than the one-shot tone: a looping one does not end by itself.
      await h.pass(NOT_REACHED_TONE_MS * 2);
      expect(h.observe()).toEqual(first);
      await h.speaker.stop('ringback');
      expect(h.speaker.state.tone).toBeNull();
      expect(h.observe().sounding).toBe(false);
    });

    it('stops only the tone it is asked to stop', async () => {
      await h.speaker.play('ringback');
      await h.speaker.stop('ring');
      expect(h.speaker.state.tone).toBe('ringback');
      expect(h.observe().sounding).toBe(true);
      await h.speaker.stop();
      expect(h.observe().sounding).toBe(false);
    });

    it('replaces the tone that plays with the one asked for', async () => {
      await h.speaker.play('ring');
      const ring = h.observe().producer;
      await h.speaker.play('ringback');
      expect(h.speaker.state).toMatchObject({ tone: 'ringback', ringing: false });
      expect(h.observe().sounding).toBe(true);
      expect(h.observe().producer).not.toEqual(ring);
      await h.speaker.play('not-reached');
      expect(h.speaker.state.tone).toBe('not-reached');
      expect(h.observe().sounding).toBe(true);
    });

    it('plays the not-reached tone once and falls silent by itself', async () => {
      await h.speaker.play('ringback');
      await h.speaker.play('not-reached');
      expect(h.speaker.state.tone).toBe('not-reached');
      await h.pass(NOT_REACHED_TONE_MS / 2);
      expect(h.speaker.state.tone).toBe('not-reached');
      expect(h.observe().sounding).toBe(true);
      // The rest of the tone, and (for a real driver) the pipeline's own end.
      await h.pass(NOT_REACHED_TONE_MS / 2 + 1_000);
      expect(h.speaker.state.tone).toBeNull();
      expect(h.observe().sounding).toBe(false);
    });

    it('does not start the not-reached tone over for a new volume', async () => {
      await h.speaker.play('not-reached');
      const first = h.observe();
      await h.speaker.setVolume(35);
      expect(h.speaker.state).toMatchObject({ tone: 'not-reached', volume: 35 });
      expect(h.observe()).toEqual(first);
    });

    it('goes silent on close and refuses work afterwards', async () => {
      await h.speaker.play('ringback');
      await h.speaker.close();
      expect(h.observe().sounding).toBe(false);
      const error = await h.speaker.play('ring').catch((e: unknown) => e);
      expect(isHardwareError(error, 'closed')).toBe(true);
    });
  });
}
