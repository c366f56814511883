/**
 * The browser call controller's media states as a transition table (style.md item 5; issue 9: `setState` let
 * any state jump to any other). `ended` is final; every other state may end. A transition missing here is
 * refused and logged, so a late ICE event cannot, say, bring an ended call back to `connecting`.
 */
export type MediaState = 'preparing' | 'connecting' | 'connected' | 'reconnecting' | 'ended';

export const MEDIA_TRANSITIONS: { readonly [S in MediaState]: readonly MediaState[] } = {
  // The peer connection is built once the camera and ICE servers are ready.
  preparing: ['connecting', 'ended'],
  // ICE `connected`/`completed`, or `disconnected`/`failed` before it ever connected.
  connecting: ['connected', 'reconnecting', 'ended'],
  connected: ['reconnecting', 'ended'],
  // ICE heals by itself or after the caller's ICE restart.
  reconnecting: ['connected', 'ended'],
  ended: [],
};

export const mayMove = (from: MediaState, to: MediaState): boolean => MEDIA_TRANSITIONS[from].includes(to);
