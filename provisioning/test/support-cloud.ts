import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from 'otplib';
import { runCli } from '../src/cli.js';
import { CloudClient } from '../src/cloud-client.js';
import { readSession, sessionPath } from '../src/session-file.js';

/**
 * A REAL cloud for the support CLI's integration tests, started as its own process (`node --import tsx
 * cloud/src/main.ts`, demo mode, PGlite, ephemeral ports) and reached over HTTP only. The demo support person
 * (sofie.berg) sets up TOTP through the real API first, as the web app does on her first login.
 */
export const root = fileURLToPath(new URL('../..', import.meta.url));
export const DEMO_PASSWORD = 'Kaffekande-Trappe-Vindue-47';
export const looksLikeStackTrace = /^\s+at .+[:(]/m;

export interface Run {
  exit: number | null;
  out: string;
  err: string;
}

export interface SupportCloud {
  readonly base: string;
  /** XDG_CONFIG_HOME of this test's own session file. */
  readonly env: Record<string, string>;
  /** sofie.berg's TOTP code `offsetSteps` 30-second steps from now. */
  code(offsetSteps: number): Promise<string>;
  /** The CLI as a function (runCli), in this process. */
  cli(...argv: string[]): Promise<Run>;
  /** The CLI binary itself, as support runs it. */
  cliProcess(argv: string[]): Promise<Run>;
  /** The cloud as the logged-in CLI session (after `login`), for set-up the CLI has no command for. */
  client(): CloudClient;
  stop(): Promise<void>;
}

export async function startSupportCloud(): Promise<SupportCloud> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sv-cli-cloud-'));
  const config = mkdtempSync(join(tmpdir(), 'sv-cli-config-'));
  const env = { XDG_CONFIG_HOME: config };
  const cloud: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'cloud/src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      MQTT_PORT: '0',
      MQTT_WS_PORT: '0',
      DATA_DIR: dataDir,
      DEMO: 'true',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    cloud.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString('utf8');
      for (const line of buffered.split('\n')) {
        if (!line.includes('screenvisit cloud ready')) continue;
        resolve(`http://127.0.0.1:${(JSON.parse(line) as { http: number }).http}`);
      }
    });
    cloud.on('exit', (c) => reject(new Error(`cloud exited ${c}`)));
  });

  let cookie = '';
  let csrf = '';
  const call = async (path: string, body: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { origin: base, 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) cookie = line.split(';')[0]!;
    const json = (await response.json()) as { csrfToken?: string; secret?: string };
    if (json.csrfToken) csrf = json.csrfToken;
    return { status: response.status, json };
  };
  await call('/api/auth/login', { username: 'sofie.berg', password: DEMO_PASSWORD });
  const secret = (await call('/api/auth/totp/enrol', {})).json.secret!;
  const code = (offsetSteps: number) =>
    Promise.resolve(generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 }));
  // A login after this uses the NEXT step's code, so it is never a replay of this one (RFC 6238 §5.2).
  const confirmed = await call('/api/auth/totp/confirm', { code: await code(0) });
  if (confirmed.status !== 200) throw new Error(`TOTP set-up failed: ${confirmed.status}`);

  return {
    base,
    env,
    code,
    async cli(...argv) {
      const out: string[] = [];
      const err: string[] = [];
      const exit = await runCli(argv, { env, out: (l) => out.push(l), err: (l) => err.push(l) });
      return { exit, out: out.join('\n'), err: err.join('\n') };
    },
    cliProcess(argv) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'provisioning/src/cli.ts', ...argv], {
        cwd: root,
        env: { PATH: process.env.PATH, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      child.stderr.on('data', (d) => {
        err += d;
      });
      return new Promise((resolve) => child.on('exit', (exit) => resolve({ exit, out, err })));
    },
    client() {
      const session = readSession(sessionPath(env));
      if (!session) throw new Error('not logged in');
      return new CloudClient(session.baseUrl, session);
    },
    async stop() {
      if (cloud.exitCode === null) {
        const exited = new Promise((r) => cloud.on('exit', r));
        cloud.kill('SIGTERM');
        await exited;
      }
      for (const dir of [dataDir, config]) rmSync(dir, { recursive: true, force: true });
    },
  };
}
