import type { JSX } from 'preact';
import { IconSvg } from '../icons.js';

/** Call icons on the same 24x24 line grid as shared/icons.tsx; always next to a word, hidden from AT. */
const paths = {
  phone: (
    <path d="M22 16.9v3a2 2 0 0 1-2.2 2 19.8 19.8 0 0 1-8.6-3.1 19.5 19.5 0 0 1-6-6A19.8 19.8 0 0 1 2.1 4.2 2 2 0 0 1 4.1 2h3a2 2 0 0 1 2 1.7c.1.9.4 1.8.7 2.7a2 2 0 0 1-.5 2.1L8 9.8a16 16 0 0 0 6 6l1.3-1.3a2 2 0 0 1 2.1-.4c.9.3 1.8.6 2.7.7a2 2 0 0 1 1.7 2z" />
  ),
  hangUp: (
    <path d="M3.7 14.6l-1.4-1.4a1.5 1.5 0 0 1 0-2.1C4.9 8.4 8.4 7 12 7s7.1 1.4 9.7 4.1a1.5 1.5 0 0 1 0 2.1l-1.4 1.4a1.5 1.5 0 0 1-2 .1l-2-1.6a1.5 1.5 0 0 1-.5-1.3l.2-1.6a12 12 0 0 0-8 0l.2 1.6a1.5 1.5 0 0 1-.5 1.3l-2 1.6a1.5 1.5 0 0 1-2-.1z" />
  ),
  mic: (
    <>
      <rect x="9" y="2" width="6" height="12" rx="3" />
      <path d="M5 10v1a7 7 0 0 0 14 0v-1M12 18v4M8 22h8" />
    </>
  ),
  micOff: (
    <>
      <path d="M2 2l20 20M9 9v2a3 3 0 0 0 5.1 2.1M15 9.3V5a3 3 0 0 0-5.9-.6" />
      <path d="M17 16.9A7 7 0 0 1 5 11v-1M19 10v1a7 7 0 0 1-.1 1.2M12 18v4M8 22h8" />
    </>
  ),
  video: (
    <>
      <rect x="2" y="6" width="14" height="12" rx="2" />
      <path d="M22 8l-6 4 6 4z" />
    </>
  ),
  videoOff: (
    <>
      <path d="M2 2l20 20M16 16v1a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2h2M10 5h4a2 2 0 0 1 2 2v3.3l6-4.3v12" />
    </>
  ),
  signal: <path d="M2 20h.01M7 20v-4M12 20v-8M17 20V8M22 4v16" />,
  bell: <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0" />,
  speaker: <path d="M11 5L6 9H2v6h4l5 4zM15.5 8.5a5 5 0 0 1 0 7M19 5a10 10 0 0 1 0 14" />,
} satisfies Record<string, JSX.Element>;

export type CallIconName = keyof typeof paths;

export function CallIcon(props: { name: CallIconName; size?: number }) {
  return <IconSvg size={props.size}>{paths[props.name]}</IconSvg>;
}
