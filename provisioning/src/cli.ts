#!/usr/bin/env -S node --import tsx
import { realpathSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { type Command, parseCommand, USAGE } from './args.js';
import { CloudClient } from './cloud-client.js';
import { EXIT_CODES, isProvisioningError, ProvisioningError } from './errors.js';
import { configBody, type Device, DeviceList, describeDevice, deviceTable } from './present.js';
import { fleetFromEnv, provisionOnFleet } from './provision.js';
import { resolveCitizen, resolveKiosk, resolvePool } from './resolve.js';
import { readSession, removeSession, sessionPath, writeSession } from './session-file.js';

export interface CliIo {
  readonly env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  /** Ask for a missing secret (hidden when `hidden`); absent when stdin is not a terminal. */
  readonly ask?: (question: string, hidden: boolean) => Promise<string>;
}

/** The whole CLI as a function: argv in, exit code out. Never throws, never prints a stack trace. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCommand(argv);
    await execute(command, io);
    return 0;
  } catch (error) {
    if (isProvisioningError(error)) {
      io.err(`screenvisit-support: ${error.message}`);
      if (error.reason === 'usage') io.err('Run `screenvisit-support --help` for usage.');
      return EXIT_CODES[error.reason];
    }
    io.err(`screenvisit-support: unexpected failure: ${(error as Error)?.message ?? String(error)}`);
    return 1;
  }
}

async function execute(command: Command, io: CliIo): Promise<void> {
  const path = sessionPath(io.env);
  if (command.kind === 'help') return io.out(USAGE);
  if (command.kind === 'login') {
    const secret = async (given: string | undefined, question: string, hidden: boolean) => {
      if (given) return given;
      if (!io.ask)
        throw ProvisioningError.usage(`${question.replace(/: $/, '')} is missing: pass it as a flag.`);
      return (await io.ask(question, hidden)).trim();
    };
    const password = await secret(command.password, 'Password: ', true);
    const totp = await secret(command.totp, 'Code from your authenticator app: ', false);
    const client = new CloudClient(command.url);
    writeSession(path, await client.login({ username: command.username, password, totp }));
    return io.out(`Logged in to ${client.baseUrl}.`);
  }
  const session = readSession(path);
  if (command.kind === 'logout') {
    if (session) await new CloudClient(session.baseUrl, session).logout().catch(() => undefined);
    removeSession(path);
    return io.out('Logged out.');
  }
  if (!session) throw ProvisioningError.notLoggedIn();
  const cloud = new CloudClient(session.baseUrl, session);
  const kiosk = (given: string) => resolveKiosk(cloud, given);
  const device = async (given: string) =>
    (await cloud.get(`/api/devices/${(await kiosk(given)).id}`)) as Device;

  switch (command.kind) {
    case 'list': {
      const { devices } = DeviceList.parse(await cloud.get('/api/devices'));
      return io.out(command.json ? JSON.stringify(devices, null, 2) : deviceTable(devices));
    }
    case 'show': {
      const shown = await device(command.kiosk);
      return io.out(command.json ? JSON.stringify(shown, null, 2) : describeDevice(shown));
    }
    case 'register': {
      // One after another, saying each: when one fails (a label already there), those before it stay registered.
      for (const label of command.labels) {
        const created = (await cloud.post('/api/devices', { label })) as Device;
        io.out(`Registered ${created.label} as ${created.id}.`);
      }
      return;
    }
    case 'enrol-code': {
      for (const given of command.kiosks) {
        const { id, label } = await kiosk(given);
        const issued = (await cloud.post(`/api/devices/${id}/enrolment-code`)) as {
          code: string;
          expiresAt: string;
        };
        io.out(`${label}: enrolment code ${issued.code} (single use, expires ${issued.expiresAt})`);
      }
      return;
    }
    case 'lend': {
      const { id } = await kiosk(command.kiosk);
      const citizen = await resolveCitizen(cloud, command.citizen);
      const lent = (await cloud.post(`/api/devices/${id}/lend`, { citizenId: citizen.id })) as Device;
      const to = `${lent.label} is now lent to ${lent.citizenName ?? citizen.name}.`;
      // Lent before it enrolled: it can do nothing at her home until it has a code (as the console warns).
      return io.out(
        lent.lifecycle === 'registered'
          ? `${to} It is not enrolled yet: it can neither call nor be called until it is (devices enrol-code ${lent.label}).`
          : to,
      );
    }
    case 'return': {
      const { id } = await kiosk(command.kiosk);
      const back = (await cloud.post(`/api/devices/${id}/return`)) as Device;
      // The cloud marks it returned: it is lent to nobody but the same citizen before a wipe (409 otherwise).
      return io.out(
        `${back.label} is back, not wiped: it still holds the citizen’s contacts. Wipe it (devices wipe ${back.label}) before lending it to anyone else.`,
      );
    }
    case 'config': {
      const current = await device(command.kiosk);
      // The pool by name (or id) before anything is pushed: a name that fits none or several stops here.
      const pool = command.flags.pool ? await resolvePool(cloud, command.flags.pool) : undefined;
      const pushed = (await cloud.put(
        `/api/devices/${current.id}/config`,
        configBody(current, { ...command.flags, ...(pool ? { pool } : {}) }),
      )) as {
        version: number;
      };
      return io.out(`Config version ${pushed.version} queued; the kiosk applies it when online.`);
    }
    case 'wipe': {
      const { id } = await kiosk(command.kiosk);
      const outcome = (await cloud.post(`/api/devices/${id}/wipe`, {
        afterWipe: command.retire ? 'retired' : 'registered',
      })) as { status: string; deviceWasOnline: boolean };
      return io.out(
        outcome.status === 'acknowledged'
          ? 'Wiped: the kiosk confirmed it. Its credential is revoked.'
          : 'Credential revoked. The kiosk is wiped when it next connects (it will be refused and erase itself).',
      );
    }
    case 'fleet-list': {
      const fleet = fleetFromEnv(io.env);
      for (const d of await fleet.listDevices())
        io.out(`${d.uuid.slice(0, 7)}  ${d.online ? 'online ' : 'offline'}  ${d.name}  ${d.osVersion ?? ''}`);
      return;
    }
    case 'fleet-provision': {
      const fleet = fleetFromEnv(io.env);
      const { id } = await kiosk(command.kiosk);
      const done = await provisionOnFleet(cloud, fleet, id, command.uuid);
      return io.out(
        `${done.label}: enrolment code set on balena device ${done.uuid.slice(0, 7)}, restarting.`,
      );
    }
  }
}

/** A terminal prompt; hidden input echoes nothing (the password never appears on screen). */
function terminalAsk(question: string, hidden: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stdout.write('\n');
      resolve(answer);
    });
    muted = hidden;
  });
}

// Run when executed, also through npm's bin symlink (node_modules/.bin/screenvisit-support → src/cli.ts),
// whose path is argv[1] unresolved.
if (process.argv[1] && fileURLToPath(import.meta.url) === realpathSync(process.argv[1])) {
  runCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    ...(process.stdin.isTTY ? { ask: terminalAsk } : {}),
  }).then((code) => {
    process.exitCode = code;
  });
}
