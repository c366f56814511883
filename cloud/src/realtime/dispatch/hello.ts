import { SIGNALLING_VERSION } from '@screenvisit/protocol';
import { partyOf, type SignalHandler } from './session.js';

/**
 * `hello`: a socket is welcomed (its connection id, resume token and heartbeat), then the router learns the
 * endpoint is here, so a browser that presents its old resume token takes its place in a call. A kiosk's
 * `hello` only re-announces it (no welcome, no resume token: see SignalSession.welcome).
 */
export const handleHello: SignalHandler<'hello'> = async (ctx, message) => {
  const { welcome } = ctx.session;
  if (welcome) ctx.session.send({ v: SIGNALLING_VERSION, type: 'welcome', ...welcome });
  const endpoint = await partyOf(ctx, message.type);
  if (!ctx.calls || !endpoint) return;
  if (welcome) ctx.calls.hello(endpoint, message.resumeToken);
  else ctx.calls.hello(endpoint);
};
