import type { AuthEnv } from '../principal.js';

/** The Hono environment of every route: the session middleware's variables. */
export type AppEnv = {
  Variables: AuthEnv['Variables'] & {
    denial: 'none' | 'expired' | 'idle' | 'locked' | 'disabled' | 'network';
    /** kernel/http/request-id.ts: on the answer's X-Request-Id and on the log lines about the request. */
    requestId: string;
  };
};
