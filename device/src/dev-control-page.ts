/**
 * The dev control page: the simulated kiosk as a person sees it during `npm start`. Plain HTML, no framework;
 * every value is written with textContent, so a caller's display name can never inject markup.
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
  #g-action { display: inline-block; font-size: 1.5rem; font-weight: 700; color: #fff; background: #b71c1c;
    padding: .6rem 1.4rem; border-radius: 12px; }
  #g-action:empty { display: none; }
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
  <p class="meta">Tilstand: <strong id="mode">…</strong> <span id="online"></span></p>
  <p id="g-status"></p>
  <p id="g-title"></p>
  <p id="g-subtitle"></p>
  <p id="g-detail"></p>
  <p id="g-hint"></p>
  <p id="g-elapsed"></p>
  <p><span id="g-action"></span></p>
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
  <dt>Enheds-id</dt><dd id="device-id">…</dd>
</dl>
<script>
const $ = (id) => document.getElementById(id);
async function post(path) {
  await fetch(path, { method: 'POST', headers: { 'x-dev-control': '1' } });
  refresh();
}
for (const b of document.querySelectorAll('[data-press]')) b.addEventListener('click', () => post('/press/' + b.dataset.press));
for (const b of document.querySelectorAll('[data-hold]')) b.addEventListener('click', () => post('/hold/' + b.dataset.hold));
$('touch').addEventListener('click', () => post('/touch'));
async function refresh() {
  let s;
  try { s = await (await fetch('/state')).json(); } catch { $('online').textContent = '(agenten svarer ikke)'; return; }
  const k = s.kiosk, g = s.glass, hw = s.hardware;
  $('screen').className = hw.screen.on ? (g.tone === 'calm' ? '' : g.tone) : 'off';
  $('screen').style.opacity = hw.screen.on ? String(0.4 + 0.6 * hw.screen.brightness / 100) : '1';
  $('mode').textContent = ({ unenrolled: 'ikke sat op', asleep: 'sover', idle: 'hviler', ringing: 'ringer', connecting: 'forbinder', in_call: 'i opkald', ending: 'afslutter', wiping: 'nulstilles' })[k.mode] ?? k.mode;
  $('online').textContent = k.online ? '(forbundet)' : '(ikke forbundet)';
  // The glass's lines as the kiosk draws them (GET /state "glass"); the dark page has none.
  const dark = g.page === 'dark' || !hw.screen.on;
  $('g-status').textContent = dark ? '' : g.status ?? '';
  $('g-title').textContent = dark ? '(skærmen er slukket)' : g.title;
  $('g-subtitle').textContent = dark ? '' : g.subtitle ?? '';
  $('g-detail').textContent = dark ? '' : g.detail ?? '';
  $('g-hint').textContent = dark ? '' : g.hint ?? '';
  $('g-elapsed').textContent = dark || !g.elapsed ? '' : 'Tid: ' + g.elapsed;
  $('g-action').textContent = dark ? '' : g.action ?? '';
  $('hw-screen').textContent = (hw.screen.on ? 'tændt' : 'slukket') + ', lysstyrke ' + hw.screen.brightness + '%';
  $('hw-speaker').textContent = (hw.speaker.ringing ? 'RINGER' : 'stille') + ', lydstyrke ' + hw.speaker.volume + '%';
  $('hw-led-status').textContent = hw.leds.status.pattern;
  $('hw-led-night').textContent = hw.leds.nightWatch.pattern;
  $('device-id').textContent = s.deviceId ?? '(ikke sat op)';
}
refresh();
setInterval(refresh, 500);
</script>
</body>
</html>
`;
