/**
 * A ring tone made with Web Audio (no sound files to download): a soft two-note chime, 1.2 s on, 1.8 s off.
 * Browsers keep an AudioContext suspended until the person has touched the page (autoplay policy): a page the
 * call notification opened has had no touch yet, so its ring is silent at first. The screen shows the call all
 * the same, and the tone listens for the first touch or key anywhere on the page and starts sounding then
 * (borger.md "Når du trykker på beskeden"). `silent()` says whether it is still held silent.
 */
export interface RingTone {
  stop(): void;
  silent(): boolean;
}

export interface RingToneDeps {
  /** A new AudioContext, or null where the browser has none. */
  readonly audio: () => AudioContext | null;
  /** Where her first touch or key press arrives (the window). */
  readonly gestures: EventTarget;
}

const GESTURES = ['pointerdown', 'touchstart', 'keydown'] as const;

function browserDeps(): RingToneDeps {
  const Ctx =
    window.AudioContext ?? (window as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
  return { audio: () => (Ctx ? new Ctx() : null), gestures: window };
}

export function startRingTone(deps: RingToneDeps = browserDeps()): RingTone {
  const ctx = deps.audio();
  if (!ctx) return { stop() {}, silent: () => true };
  let stopped = false;
  // Nothing is scheduled while held silent: chimes queued then would all sound at once at the first touch.
  const chime = () => {
    if (stopped || ctx.state !== 'running') return;
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
  const forget = () => {
    for (const g of GESTURES) deps.gestures.removeEventListener(g, wake, true);
  };
  // Asked at once (allowed where she has touched the page before) and again at every touch or key until it
  // runs; the first chime sounds as soon as it does, not at the next 3-second beat.
  function wake() {
    if (stopped || ctx?.state === 'running') return;
    void ctx?.resume().then(
      () => {
        if (ctx.state !== 'running') return;
        forget();
        chime();
      },
      () => undefined,
    );
  }
  // Capture: the touch counts before a button's own handler runs.
  for (const g of GESTURES) deps.gestures.addEventListener(g, wake, true);
  wake();
  const timer = setInterval(chime, 3_000);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
      forget();
      void ctx.close().catch(() => undefined);
    },
    silent: () => ctx.state !== 'running',
  };
}
