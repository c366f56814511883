import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/env.js';
import type { NodeDeps } from '../deps.js';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    node: z.string().openapi({ description: 'NODE_ID of the process that answered (issue 14)' }),
    checks: z.object({
      database: z.enum(['ok', 'failing']),
      broker: z.enum(['ok', 'failing']),
      cluster: z.enum(['ok', 'fenced']).openapi({
        description:
          'fenced: the node lost its liveness in Redis and let its calls and connections go (issue 14)',
      }),
    }),
  })
  .openapi('Readiness');

const liveness = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Liveness: the process is running',
  responses: { 200: { description: 'alive', content: { 'application/json': { schema: Health } } } },
});

const readiness = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'Readiness: the database answers, the MQTT broker is listening and the node is not fenced',
  responses: {
    200: { description: 'ready', content: { 'application/json': { schema: Readiness } } },
    503: { description: 'not ready', content: { 'application/json': { schema: Readiness } } },
  },
});

/** /readyz answers within 2 s even when the database does not (issue 14 item 5); a load balancer's check waits ~2 s. */
export const READY_DATABASE_TIMEOUT_MS = 1_500;

/**
 * The database half of /readyz: `select 1`, answered `failing` when it takes longer than `timeoutMs` instead of
 * waiting for it. A database that stopped answering (a network black hole, a hung server) would otherwise hold
 * every readiness probe until TCP gives up, minutes later. One ping at a time: while one is still pending, later
 * probes wait on the same one (bounded by the same timeout), so probes during an outage do not pile queries up
 * on the connection pool. Real timers, not the injected clock: this bounds I/O, it is not a domain timer.
 */
export function databaseProbe(ping: () => Promise<void>, timeoutMs = READY_DATABASE_TIMEOUT_MS) {
  let inflight: Promise<void> | null = null;
  return async (): Promise<'ok' | 'failing'> => {
    if (!inflight) {
      const started = ping();
      inflight = started;
      const settled = () => {
        if (inflight === started) inflight = null;
      };
      void started.then(settled, settled);
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last: ReturnType<typeof setImmediate> | undefined;
    // The deadline gives I/O one more turn before it says `failing`. When this process's own event loop was busy
    // (a survivor taking a killed node's fleet, issue 14), the timer and the database's answer are due in the same
    // turn and timers run before sockets are read: without the turn, a stall of our own was reported as a failing
    // database, HAProxy took the only live node out and cut every kiosk that was already back.
    const late = new Promise<'failing'>((resolve) => {
      timer = setTimeout(() => {
        last = setImmediate(() => resolve('failing'));
      }, timeoutMs);
    });
    try {
      return await Promise.race([
        inflight.then(
          () => 'ok' as const,
          () => 'failing' as const,
        ),
        late,
      ]);
    } finally {
      clearTimeout(timer);
      clearImmediate(last);
    }
  };
}

export function healthRoutes(app: OpenAPIHono<AppEnv>, deps: NodeDeps) {
  const probeDatabase = databaseProbe(() => deps.db.ping());
  app.openapi(liveness, (c) => c.json({ status: 'ok' as const }, 200));
  app.openapi(readiness, async (c) => {
    const database = await probeDatabase();
    const broker = deps.broker.ready() ? ('ok' as const) : ('failing' as const);
    const cluster = deps.fenced?.() ? ('fenced' as const) : ('ok' as const);
    const ready = database === 'ok' && broker === 'ok' && cluster === 'ok';
    return c.json(
      {
        status: ready ? ('ready' as const) : ('not_ready' as const),
        node: deps.nodeId,
        checks: { database, broker, cluster },
      },
      ready ? 200 : 503,
    );
  });
}
