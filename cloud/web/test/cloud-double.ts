import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

/**
 * A same-origin double of the few cloud routes the pages call, mounted on vite's preview server. It exists only
 * until the lead points this suite at the real cloud (which serves web/dist itself); it answers exactly the
 * shapes the brief specifies: GET /api/status, and RFC 9457 problem+json for errors.
 */
export interface CloudDoubleState {
  status: { devices: { total: number; online: number }; version: string };
  /** false: /api/auth/login does not exist yet (404), as before the identity work lands. */
  loginExists: boolean;
}

const problem = (res: ServerResponse, status: number, title: string, detail: string) => {
  res.statusCode = status;
  res.setHeader('content-type', 'application/problem+json');
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
};

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
};

export function cloudDouble(state: CloudDoubleState): Plugin {
  return {
    name: 'screenvisit-cloud-double',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        const route = `${req.method} ${req.url?.split('?')[0]}`;
        if (route === 'GET /api/status') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(state.status));
          return;
        }
        if (route === 'POST /api/auth/login' && state.loginExists) {
          void readBody(req).then(() => problem(res, 401, 'Unauthorized', 'Wrong username or password.'));
          return;
        }
        if (req.url?.startsWith('/api/')) return problem(res, 404, 'Not Found', 'No such route.');
        next();
      });
    },
  };
}
