import { type ChildProcess, spawn } from 'node:child_process';

export interface Xvfb {
  /** ":N", for DISPLAY. */
  readonly display: string;
  stop(): Promise<void>;
}

/**
 * An Xvfb of our own on a display number it picks itself (`-displayfd`: the X server takes the first free
 * number and writes it once it accepts connections). Several engineers and test files run Xvfb on this
 * machine at once: a fixed number (deleting the socket and lock of whoever held it) let two runs share one
 * display, and the kiosk in the first lost its screen when the second stopped its Xvfb (docs/performance.md,
 * "Kiosk idle footprint, 2026-12-03 evening"). The default size is the official 7" Pi panel's (800×480).
 */
export async function startXvfb(size = { width: 800, height: 480 }): Promise<Xvfb> {
  const xvfb: ChildProcess = spawn(
    'Xvfb',
    ['-displayfd', '1', '-screen', '0', `${size.width}x${size.height}x24`, '-nolisten', 'tcp'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const display = await new Promise<string>((resolve, reject) => {
    let out = '';
    xvfb.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(`:${out.trim()}`);
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it had a display`)));
    setTimeout(() => reject(new Error('Xvfb did not report a display within 10 s')), 10_000).unref();
  }).catch((error: unknown) => {
    xvfb.kill('SIGTERM');
    throw error;
  });
  return {
    display,
    async stop() {
      if (xvfb.exitCode !== null || xvfb.signalCode !== null) return;
      xvfb.kill('SIGTERM');
      await new Promise((r) => xvfb.once('exit', r));
    },
  };
}
