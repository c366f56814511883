import type { ServerMessage } from '@screenvisit/protocol';

/**
 * What an idle-LOCKED console may be sent (issue 10 §1: "nothing personal is visible" — and so nothing personal
 * reaches the socket either, where the browser's developer tools or an extension could read it). The gate is the
 * socket table (ws/sockets.ts): a message for which this returns a view goes to a socket only after its session's
 * lock is read again, and a locked one gets the view. docs/security.md "Idle lock on duty".
 */
export interface SendOptions {
  /**
   * The `call.incoming` names a PLACE (a night-watch ring: the resident's facility, ring-place.ts), not a
   * person, so a locked console may see it: it tells a tired member where to go before unlocking.
   */
  readonly displayNameIsPlace?: boolean;
}

/** The caller shown on a locked console for a direct (non-pool) call: a word, not the caller's name. */
export const LOCKED_CALLER = 'Opkald';

/**
 * The locked view of `message`, or null when it carries nothing personal (it goes out as it is, at once).
 * Personal today: the caller's name on `call.incoming`, the colleague's name on `call.taken`. The switch is
 * exhaustive, so a new server message must be classified here before it compiles.
 */
export function lockedView(message: ServerMessage, options?: SendOptions): ServerMessage | null {
  switch (message.type) {
    case 'call.incoming':
      return options?.displayNameIsPlace ? null : { ...message, displayName: LOCKED_CALLER };
    case 'call.taken': {
      const { byDisplayName: _name, ...rest } = message;
      return rest;
    }
    case 'welcome':
    case 'pong':
    case 'call.ringing':
    case 'call.accepted':
    case 'call.ended':
    case 'call.refused':
    case 'rtc.offer':
    case 'rtc.answer':
    case 'rtc.ice':
    case 'rtc.config':
    case 'error':
      return null;
  }
}
