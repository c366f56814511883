import { DEV_PAGE_WORDS, scriptJson } from './dev-control-words.js';

/**
 * The dev control page: the simulated kiosk as a person sees it during `npm start`. Plain HTML, no framework;
 * every value is written with textContent, so a caller's display name can never inject markup. Every state it names
 * comes from dev-control-words.ts, Danish with the English beside it.
 */
export const DEV_CONTROL_PAGE = `<!doctype html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ScreenVisit-skærm (simuleret)</title>
<!-- No icon, declared: without a <link rel="icon"> Chromium asks for /favicon.ico, which this server does not
     have, and the 404 in the console hid real errors during a walk. A data: URL costs no request. -->
<link rel="icon" href="data:,">
<style>
  body { font: 18px/1.4 system-ui, sans-serif; margin: 1.5rem; max-width: 52rem; color: #111; }
  h1 { font-size: 1.5rem; }
  #screen { border: 12px solid #222; border-radius: 12px; min-height: 14rem; padding: 1.5rem; margin-bottom: 1rem;
    background: #fff; transition: opacity .2s; }
  /* The glass's own tones (screen-view.ts ScreenTone); "off" is the dark backlight. Text on black stays at
     least 4.5:1 (WCAG 1.4.3): the state line read #555 on #000 (2.6:1). */
  #screen.ring { background: #e8f5e9; }
  #screen.alert { background: #fff3e0; }
  #screen.off { background: #000; color: #c8c8c8; }
  #screen p { margin: .4rem 0; }
  #g-status { font-size: 1rem; }
  #g-title { font-size: 2.4rem; font-weight: 700; }
  #g-subtitle { font-size: 1.5rem; }
  #g-detail { font-size: 2rem; font-weight: 700; }
  #g-hint { font-size: 1.5rem; font-weight: 700; }
  #g-elapsed { font-size: 1.3rem; }
  /* The glass's red "Læg på": touching it on the kiosk hangs up, so here it is a button that touches the screen.
     White on #b71c1c is 6.6:1. */
  #g-action { font-size: 1.5rem; font-weight: 700; color: #fff; background: #b71c1c; border-color: #b71c1c;
    min-width: 10rem; padding: .8rem 1.6rem; }
  .meta { font-size: 1rem; }
  .row { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
  button { font-size: 1.4rem; padding: 1.2rem 1.8rem; min-width: 14rem; border-radius: 12px; border: 3px solid #111;
    cursor: pointer; background: #e8f5e9; }
  button.night { background: #e3f2fd; }
  button:focus-visible { outline: 4px solid #1565c0; outline-offset: 3px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
  dt { font-weight: 600; }
</style>
</head>
<body>
<h1>ScreenVisit-skærm <small>(simuleret hardware · <span lang="en">simulated kiosk</span>)</small></h1>
<section id="screen" aria-label="Skærmen (tryk på den for at svare eller lægge på)" aria-live="polite">
  <p class="meta">Tilstand: <strong id="mode">…</strong> · <span id="online"></span></p>
  <p id="g-status"></p>
  <p id="g-title"></p>
  <p id="g-subtitle"></p>
  <p id="g-detail"></p>
  <p id="g-hint"></p>
  <p id="g-elapsed"></p>
  <p><button type="button" id="g-action" hidden></button></p>
</section>
<div class="row">
  <button type="button" data-press="answer">Tryk på den grønne knap <small lang="en">(Press answer)</small></button>
  <button type="button" data-hold="answer">Hold den grønne knap (afvis) <small lang="en">(Hold answer)</small></button>
  <button type="button" class="night" data-press="nightWatch">Tryk på nattevagt-knappen <small lang="en">(Press night watch)</small></button>
  <button type="button" id="touch">Tryk på skærmen <small lang="en">(Touch the screen)</small></button>
</div>
<h2>Hardware</h2>
<dl>
  <dt>Skærm</dt><dd id="hw-screen">…</dd>
  <dt>Højttaler</dt><dd id="hw-speaker">…</dd>
  <dt>Status-lampe</dt><dd id="hw-led-status">…</dd>
  <dt>Nattevagt-lampe</dt><dd id="hw-led-night">…</dd>
  <dt>Video</dt><dd id="hw-video">…</dd>
  <dt>Enheds-id</dt><dd id="device-id">…</dd>
</dl>
<script>
const WORDS = ${scriptJson(DEV_PAGE_WORDS)};
const $ = (id) => document.getElementById(id);
// A state in Danish with the English beside it: "slukket (off)"; {name} takes vars[name]. Unchanged text is left
// alone: the screen is a live region, and the page reads /state twice a second.
function say(id, words, vars = {}) {
  const fill = (text) => text.replace(/[{]([a-z]+)[}]/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
  const da = fill(words.da) + ' ', en = '(' + fill(words.en) + ')';
  if ($(id).textContent === da + en) return;
  const small = document.createElement('small');
  small.lang = 'en';
  small.textContent = en;
  $(id).replaceChildren(da, small);
}
const unknown = (name) => ({ da: String(name), en: String(name) });
async function post(path) {
  await fetch(path, { method: 'POST', headers: { 'x-dev-control': '1' } });
  refresh();
}
for (const b of document.querySelectorAll('[data-press]')) b.addEventListener('click', () => post('/press/' + b.dataset.press));
for (const b of document.querySelectorAll('[data-hold]')) b.addEventListener('click', () => post('/hold/' + b.dataset.hold));
$('touch').addEventListener('click', () => post('/touch'));
$('g-action').addEventListener('click', () => post('/touch'));
async function refresh() {
  let s;
  try { s = await (await fetch('/state')).json(); } catch { say('online', WORDS.state.agentSilent); return; }
  const k = s.kiosk, g = s.glass, hw = s.hardware;
  $('screen').className = hw.screen.on ? (g.tone === 'calm' ? '' : g.tone) : 'off';
  $('screen').style.opacity = hw.screen.on ? String(0.4 + 0.6 * hw.screen.brightness / 100) : '1';
  say('mode', WORDS.mode[k.mode] ?? unknown(k.mode));
  say('online', k.online ? WORDS.state.online : WORDS.state.offline);
  // The glass's lines as the kiosk draws them (GET /state "glass"); the dark page has none.
  const dark = g.page === 'dark' || !hw.screen.on;
  $('g-status').textContent = dark ? '' : g.status ?? '';
  $('g-title').textContent = dark ? '(skærmen er slukket)' : g.title;
  $('g-subtitle').textContent = dark ? '' : g.subtitle ?? '';
  $('g-detail').textContent = dark ? '' : g.detail ?? '';
  $('g-hint').textContent = dark ? '' : g.hint ?? '';
  $('g-elapsed').textContent = dark || !g.elapsed ? '' : 'Tid: ' + g.elapsed;
  const action = dark ? '' : g.action ?? '';
  if ($('g-action').textContent !== action) $('g-action').textContent = action;
  $('g-action').hidden = action === '';
  say('hw-screen', hw.screen.on ? WORDS.state.screenOn : WORDS.state.screenOff, { n: hw.screen.brightness });
  const tone = hw.speaker.tone;
  say('hw-speaker', tone ? WORDS.speaker[tone] ?? unknown(tone) : WORDS.state.speakerQuiet, { n: hw.speaker.volume });
  // The page cannot show the call's video: it counts the frames both ways, so a walk sees that video flows.
  if (s.video) say('hw-video', WORDS.state.video, { sent: s.video.framesSent, received: s.video.framesReceived });
  else say('hw-video', WORDS.state.noVideo);
  say('hw-led-status', WORDS.led[hw.leds.status.pattern] ?? unknown(hw.leds.status.pattern));
  say('hw-led-night', WORDS.led[hw.leds.nightWatch.pattern] ?? unknown(hw.leds.nightWatch.pattern));
  if (s.deviceId) $('device-id').textContent = s.deviceId;
  else say('device-id', WORDS.state.noDeviceId);
}
refresh();
setInterval(refresh, 500);
</script>
</body>
</html>
`;
