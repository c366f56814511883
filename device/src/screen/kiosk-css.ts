/**
 * The kiosk's look, sized from the panel height so the 7" (800×480) and larger panels both get very large
 * text. Colours: white on black and black-on-yellow accents, both far above WCAG 2.2 AA's 4.5:1
 * (white/black 21:1, #ffd400 on black 14.6:1, white on #00461f 10.9:1, white on #a4001d 8.2:1).
 */
export function kioskCss(height: number): string[] {
  const px = (share: number) => `${Math.round(height * share)}px`;
  return `window.calm, window.dark, window.alert { background-color: #000000; }
window.ring { background-color: #00461f; }
label { color: #ffffff; }
window.alert label.title { color: #ffd400; font-size: ${px(0.09)}; }
window.alert label.detail { font-size: ${px(0.075)}; }
label.status { font-size: ${px(0.05)}; }
label.title { font-size: ${px(0.12)}; font-weight: bold; }
label.subtitle { font-size: ${px(0.07)}; }
label.detail { font-size: ${px(0.1)}; font-weight: bold; color: #ffd400; }
window.ring label.detail { color: #ffffff; }
label.hint { font-size: ${px(0.075)}; font-weight: bold; }
.call-bar { background-color: rgba(0, 0, 0, 0.7); padding: ${px(0.015)} ${px(0.03)}; border-radius: 0 0 16px 0; }
label.elapsed, label.call-name { font-size: ${px(0.065)}; font-weight: bold; }
.self-view { border: 3px solid #ffffff; background-color: #000000; margin: ${px(0.02)}; }
button.hang-up { background-image: none; background-color: #a4001d; color: #ffffff; border: 4px solid #ffffff;
  border-radius: 24px; padding: ${px(0.02)} ${px(0.08)}; margin-bottom: ${px(0.03)}; }
button.hang-up label { font-size: ${px(0.08)}; font-weight: bold; }`
    .split(/(?<=\})\n/)
    .map((rule) => rule.trim());
}
