import { ACK_QOS } from '@screenvisit/protocol';
import postgres from 'postgres';
import { sleep } from './servers.js';

/**
 * The QoS of the simulated kiosks' acks against the cloud: the agent's for a config.apply (protocol ACK_QOS, 0
 * since the ackqos branch) unless BENCH_SCALE_ACK_QOS says 0 or 1. A QoS 0 ack has no PUBACK, so the push counts
 * as acked once the outbox has no open command (waitSettled).
 */
export const CLOUD_ACK_QOS: 0 | 1 =
  process.env.BENCH_SCALE_ACK_QOS === '0'
    ? 0
    : process.env.BENCH_SCALE_ACK_QOS === '1'
      ? 1
      : ACK_QOS['config.apply'];

/** Polls the outbox every 20 ms until no command is unacknowledged; its own backend's pid is left out of the CPU. */
export async function waitSettled(url: string): Promise<{ pid: number; looks: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const pid = (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
    const deadline = performance.now() + 120_000;
    for (let looks = 1; ; looks++) {
      const rows = await sql<{ n: number }[]>`
        select count(*)::int as n from device_commands where acked_at is null`;
      if (rows[0]?.n === 0) return { pid, looks };
      if (performance.now() > deadline)
        throw new Error(`${rows[0]?.n} commands still unacknowledged after 120 s`);
      await sleep(20);
    }
  } finally {
    await sql.end();
  }
}
