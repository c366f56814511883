import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startXvfb as startFreeXvfb, type Xvfb } from '../../test-support/xvfb.js';

export const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

/** The bench's screen: an Xvfb on a free display (test-support/xvfb.ts), made this process's DISPLAY. */
export async function startXvfb(): Promise<Xvfb> {
  const xvfb = await startFreeXvfb();
  process.env.DISPLAY = xvfb.display;
  return xvfb;
}

/** Every descendant of `pid` (Chromium's zygote, renderer, GPU and utility processes). */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
  return out;
}

const statusKb = (pid: number, field: string) =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const cpuTicks = (pid: number) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
};

/**
 * The design the issue compares against: Debian's Chromium in --kiosk mode on the same display, showing one
 * local page with a ticking clock (what a resting kiosk screen shows). RSS is summed over its processes
 * (shared pages count more than once, so this is an upper bound; PSS would be lower).
 */
export async function chromiumKioskRss(display: string, seconds: number) {
  const profile = mkdtempSync(join(tmpdir(), 'sv-bench-chromium-'));
  const page = `data:text/html,<html lang=da><body style="background:#000;color:#fff;font:64px sans-serif"><p id=c></p><script>setInterval(()=>c.textContent=new Date().toLocaleTimeString('da-DK'),1000)</script>`;
  const chromium = spawn(
    '/usr/bin/chromium',
    [
      '--kiosk',
      '--no-sandbox',
      '--no-first-run',
      '--disable-gpu',
      `--user-data-dir=${profile}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      page,
    ],
    { env: { ...process.env, DISPLAY: display }, stdio: 'ignore' },
  );
  try {
    await new Promise((r) => setTimeout(r, 8_000));
    const pids = () => tree(chromium.pid!).filter((p) => existsSync(`/proc/${p}`));
    const ticks = () => pids().reduce((n, p) => n + cpuTicks(p), 0);
    const start = ticks();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpuPercent = (ticks() - start) / seconds; // 100 ticks per second = 100 %
    const list = pids();
    return {
      processes: list.length,
      rssMb: list.reduce((n, p) => n + statusKb(p, 'VmRSS'), 0) / 1024,
      cpuPercent,
    };
  } finally {
    chromium.kill('SIGTERM');
    await new Promise((r) => chromium.once('exit', r));
    rmSync(profile, { recursive: true, force: true });
  }
}
