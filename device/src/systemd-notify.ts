import { execFile } from 'node:child_process';

/**
 * sd_notify(3) for the kiosk's systemd unit (Type=notify, WatchdogSec=, NotifyAccess=all). Node has no
 * AF_UNIX datagram sockets, so the messages go through systemd-notify(1). Outside systemd (NOTIFY_SOCKET
 * unset: tests, development) every call is a no-op.
 */
export function createSystemdNotifier(env: Record<string, string | undefined> = process.env) {
  const socket = env.NOTIFY_SOCKET;
  const send = (...args: string[]) => {
    if (!socket) return;
    execFile('systemd-notify', args, { env: { ...process.env } }, () => undefined);
  };
  let watchdog: NodeJS.Timeout | null = null;
  return {
    /** READY=1, then WATCHDOG=1 at half of WatchdogSec: the heartbeat only runs while Node's loop does. */
    ready(status: string) {
      send('--ready', `--status=${status}`);
      const usec = Number(env.WATCHDOG_USEC ?? 0);
      if (socket && usec > 0 && watchdog === null)
        watchdog = setInterval(() => send('WATCHDOG=1'), Math.max(1_000, usec / 2_000)).unref();
    },
    status(status: string) {
      send(`--status=${status}`);
    },
    stopping() {
      if (watchdog) clearInterval(watchdog);
      watchdog = null;
      send('STOPPING=1');
    },
  };
}
