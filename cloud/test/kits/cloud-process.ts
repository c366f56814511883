import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface CloudProcess {
  readonly child: ChildProcess;
  readonly ports: { http: number; mqtt: number; mqttWs: number };
  readonly base: string;
  /** Every JSON log line the process wrote so far, parsed. */
  readonly logs: Record<string, unknown>[];
  /**
   * Everything the process wrote (stdout and stderr), as written, in a file under SV_TEST_LOG_DIR (default
   * <tmpdir>/sv-cloud-logs): it outlives a SIGKILL, so a failed cluster test can name it (cluster/two-nodes.ts).
   */
  readonly logFile: string;
  /** SIGKILL: no drain, no will, no DISCONNECT; resolves once the process is gone. */
  kill(): Promise<void>;
}

/**
 * The real cloud process (cloud/src/main.ts under tsx) on free ports, for tests that need a process to die
 * (kill -9) and come back. Resolves once it logged 'screenvisit cloud ready' with its ports.
 */
export async function startCloudProcess(env: Record<string, string>): Promise<CloudProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cloud/src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      MQTT_PORT: '0',
      MQTT_WS_PORT: '0',
      LOG_LEVEL: 'info',
      ACCESS_REVIEW_SWEEP_MINUTES: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const dir = process.env.SV_TEST_LOG_DIR ?? join(tmpdir(), 'sv-cloud-logs');
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, `${env.NODE_ID ?? 'cloud'}-${process.pid}-${child.pid}.log`);
  const file = createWriteStream(logFile);
  child.stdout?.on('data', (d) => file.write(d));
  child.stderr?.on('data', (d) => file.write(d));
  // 'close', not 'exit': the pipes may still hold output when the process has exited.
  child.once('close', () => file.end());
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  const logs: Record<string, unknown>[] = [];
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const ports = await new Promise<CloudProcess['ports']>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      for (const line of lines.slice(0, -1)) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a log line
        }
      }
      for (const line of lines) {
        if (!line.includes('screenvisit cloud ready')) continue;
        const ready = JSON.parse(line) as { http: number; mqtt: number; mqttWs: number };
        resolve({ http: ready.http, mqtt: ready.mqtt, mqttWs: ready.mqttWs });
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    });
    void exited.then(() => reject(new Error(`the cloud process exited before it was ready: ${stderr}`)));
  });
  return {
    child,
    ports,
    base: `http://127.0.0.1:${ports.http}`,
    logs,
    logFile,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
