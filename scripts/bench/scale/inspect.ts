import { createWriteStream, writeFileSync } from 'node:fs';
import WebSocket from 'ws';

/**
 * A minimal Chrome DevTools Protocol client over a process's inspector WebSocket (node --inspect=host:port):
 * a forced full GC with the heap and process memory after it, a heap snapshot streamed to a file, heap and CPU
 * sampling profiles.
 */
export async function inspector(port: number) {
  const [target] = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const ws = new WebSocket(target!.webSocketDebuggerUrl, { maxPayload: 256 * 1024 * 1024 });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: Record<string, unknown>) => void>();
  let onChunk: ((chunk: string) => void) | null = null;
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as {
      id?: number;
      method?: string;
      params?: { chunk?: string };
      result?: Record<string, unknown>;
    };
    if (m.method === 'HeapProfiler.addHeapSnapshotChunk') onChunk?.(m.params!.chunk!);
    if (m.id === undefined) return;
    pending.get(m.id)?.(m.result ?? {});
    pending.delete(m.id);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  const evaluate = async (expression: string) =>
    JSON.parse(
      ((await call('Runtime.evaluate', { expression, returnByValue: true })) as { result: { value: string } })
        .result.value,
    ) as Record<string, number>;
  return {
    /** Full GC, then process.memoryUsage() in KB (rss, heapUsed, heapTotal, external, arrayBuffers). */
    async afterGc(): Promise<Record<string, number>> {
      await call('HeapProfiler.collectGarbage');
      const usage = await evaluate(
        'JSON.stringify(Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, v / 1024])))',
      );
      return usage;
    },
    /**
     * V8's heap spaces as the process sees them (v8.getHeapSpaceStatistics(), KB), with no GC first: what the young
     * generation holds right now (young-gen-probe.ts).
     */
    async heapSpaces(): Promise<Record<string, number>> {
      return evaluate(
        "JSON.stringify(Object.fromEntries(process.getBuiltinModule('node:v8').getHeapSpaceStatistics().flatMap((s) => [[s.space_name + '.size', s.space_size / 1024], [s.space_name + '.physical', s.physical_space_size / 1024], [s.space_name + '.used', s.space_used_size / 1024]])))",
      );
    },
    /** A heap snapshot (a full GC first, as V8 always does) written to `file`. */
    async snapshot(file: string): Promise<void> {
      const out = createWriteStream(file);
      onChunk = (chunk) => out.write(chunk);
      await call('HeapProfiler.enable');
      await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
      onChunk = null;
      await new Promise((resolve) => out.end(resolve));
    },
    /**
     * V8's sampling heap profiler, counting objects the collector has already freed too (both flags exist in
     * Node 20's V8 11.3): every allocation in the window, not only what survives it.
     */
    async startHeapSampling(samplingInterval = 4096): Promise<void> {
      await call('HeapProfiler.enable');
      await call('HeapProfiler.startSampling', {
        samplingInterval,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    },
    /** Stops the sampling and writes the profile (a .heapprofile, as DevTools saves it) to `file`. */
    async stopHeapSampling(file: string): Promise<void> {
      const { profile } = (await call('HeapProfiler.stopSampling')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
    },
    /**
     * V8's CPU sampler (the Profiler domain), one sample every `intervalUs` µs (set before the start, as the
     * protocol requires), until stopCpuProfile.
     */
    async startCpuProfile(intervalUs = 1000): Promise<void> {
      await call('Profiler.enable');
      await call('Profiler.setSamplingInterval', { interval: intervalUs });
      await call('Profiler.start');
    },
    /** Stops the sampler and writes the profile (a .cpuprofile, as DevTools saves it) to `file`. */
    async stopCpuProfile(file: string): Promise<void> {
      const { profile } = (await call('Profiler.stop')) as { profile: unknown };
      writeFileSync(file, JSON.stringify(profile));
    },
    close: () => ws.close(),
  };
}

/**
 * Opens the inspector of a running node process started with `--inspect-port=127.0.0.1:<port>` (which only
 * chooses the port): SIGUSR1 starts it (node's documented signal), so nothing about the process changes before.
 */
export async function activateInspector(
  pid: number,
  port: number,
): Promise<Awaited<ReturnType<typeof inspector>>> {
  process.kill(pid, 'SIGUSR1');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/json/list`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return inspector(port);
    if (Date.now() > deadline) throw new Error(`no inspector on port ${port} after SIGUSR1`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
