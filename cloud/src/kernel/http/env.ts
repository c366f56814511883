import type { AuthEnv } from '../principal.js';

/** The Hono environment of every route: the session middleware's variables. */
export type AppEnv = {
  Variables: AuthEnv['Variables'] & { denial: 'none' | 'expired' | 'idle' | 'disabled' | 'network' };
};
