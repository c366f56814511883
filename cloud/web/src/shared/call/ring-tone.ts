/**
 * A ring tone made with Web Audio (no sound files to download): a soft two-note chime, 1.2 s on, 1.8 s off.
 * Browsers may keep an AudioContext suspended until the person has touched the page; the screen still shows
 * the call then, it is just silent.
 */
export interface RingTone {
  stop(): void;
}

export function startRingTone(): RingTone {
  const Ctx =
    window.AudioContext ?? (window as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  if (!Ctx) return { stop() {} };
  const ctx = new Ctx();
  void ctx.resume().catch(() => undefined);
  let stopped = false;
  const chime = () => {
    if (stopped) return;
    const t0 = ctx.currentTime + 0.05;
    for (const [i, freq] of [659.25, 523.25, 659.25, 523.25].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const at = t0 + i * 0.3;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.28);
      osc.connect(gain).connect(ctx.destination);
      osc.start(at);
      osc.stop(at + 0.3);
    }
  };
  chime();
  const timer = window.setInterval(chime, 3_000);
  return {
    stop() {
      stopped = true;
      window.clearInterval(timer);
      void ctx.close().catch(() => undefined);
    },
  };
}
