import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../kernel/http/env.js';
import { ioDeadline } from '../../kernel/io-deadline.js';
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
    let cancel: (() => void) | undefined;
    // kernel/io-deadline.ts: the deadline gives I/O one more turn before it says `failing`. Without it, on a
    // survivor busy with a returning fleet (issue 14), its own stall was reported as a failing database, HAProxy
    // took the only live node out and cut every kiosk that was already back.
    const late = new Promise<'failing'>((resolve) => {
      cancel = ioDeadline(() => resolve('failing'), timeoutMs);
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
      cancel?.();
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
