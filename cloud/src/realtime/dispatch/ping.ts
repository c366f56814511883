import { SIGNALLING_VERSION } from '@screenvisit/protocol';
import type { SignalHandler } from './session.js';

/** `ping` → `pong` with the same nonce; answered before anything is looked up, on either transport. */
export const handlePing: SignalHandler<'ping'> = async ({ session }, message) => {
  session.send({ v: SIGNALLING_VERSION, type: 'pong', nonce: message.nonce });
};
