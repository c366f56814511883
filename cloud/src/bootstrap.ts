import { userInfo } from 'node:os';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { isConfigError } from '@screenvisit/protocol/env';
import type { z } from 'zod';
import { type Db, openDatabase } from './db/index.js';
import { postgresUrl } from './kernel/connection-url.js';
import { isStartupError } from './kernel/errors.js';
import { createLogger } from './kernel/logger.js';
import { BootstrapRefusal, bootstrap } from './node/bootstrap.js';
import { AddAccountArgs, addAccount } from './node/bootstrap-account.js';
import { ResetAccountArgs, resetAccount } from './node/bootstrap-reset.js';

/**
 * `npm run bootstrap -- --municipality "Københavns Kommune" --admin anna.admin --name "Anna Admin"
 *  --staff-network 10.20.0.0/16 [--staff-network …] [--time-zone Europe/Copenhagen] [--allow-non-empty]`
 *
 * Creates the first municipality and its first system administrator on the database in DATABASE_URL (migrating
 * it first), and prints the administrator's one-time password once. Exit 0: created or already there; 2: refused
 * or wrong arguments; 1: anything unexpected. docs/operations.md § Bootstrap.
 *
 * `npm run bootstrap -- add-account --municipality "Københavns Kommune" --role support --username sofie.berg
 *  --name "Sofie Berg"` adds a `support` or `vendor_support` account to it the same way (node/bootstrap-account.ts),
 * printing its one-time password once. Same exit codes; a username already in use is refused (2). `--role
 * system_admin` adds a second administrator.
 *
 * `npm run bootstrap -- reset-account --municipality "Københavns Kommune" --username sofie.berg [--reopen]` gives
 * an existing account a new one-time password (printed once) and removes its second factors, so its next login
 * replaces the password and enrols a new authenticator app (node/bootstrap-reset.ts). A closed account needs
 * `--reopen`. Same exit codes.
 */
const USAGE = `Usage: npm run bootstrap -- --municipality NAME --admin USERNAME --name "DISPLAY NAME" --staff-network CIDR [--staff-network CIDR ...] [--time-zone ZONE] [--allow-non-empty]
       npm run bootstrap -- add-account --municipality NAME --role support|vendor_support|system_admin --username USERNAME --name "DISPLAY NAME"
       npm run bootstrap -- reset-account --municipality NAME --username USERNAME [--reopen]
DATABASE_URL must point at the production PostgreSQL database.`;

/** DATABASE_URL checked as the cloud checks it (kernel/connection-url.ts); a bad one is said, never its value. */
function databaseUrl(): string | null {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`DATABASE_URL is not set to a postgres:// URL.\n${USAGE}`);
    return null;
  }
  const checked = postgresUrl.safeParse(url);
  if (!checked.success) {
    console.error(`DATABASE_URL is invalid: ${checked.error.issues[0]?.message ?? 'not a URL'}.\n${USAGE}`);
    return null;
  }
  return url;
}

/** Who ran the command, for the audit entry; a container without a passwd entry has none. */
function operatingSystemUser(): string | null {
  try {
    return userInfo().username;
  } catch {
    return null;
  }
}

/**
 * Reads a command's flags (strict: an unknown flag is refused with the usage, exit 2) and answers `--help` (exit 0).
 * Returns the flags, or the exit code when the command ends here.
 */
function readFlags<O extends ParseArgsConfig['options']>(
  args: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true }>>['values'] | number {
  try {
    const { values } = parseArgs({ args, options, strict: true });
    if ((values as { help?: boolean }).help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
}

/** A subcommand's flags read (readFlags) and checked by its schema; a bad one is said with the usage (exit 2). */
function readArgs<O extends ParseArgsConfig['options'], S extends z.ZodType>(
  argv: string[],
  options: O,
  schema: S,
): z.output<S> | number {
  const values = readFlags(argv, options);
  if (typeof values === 'number') return values;
  const args = schema.safeParse(values);
  if (!args.success) {
    console.error(`${args.error.issues.map((i) => i.message).join('\n')}\n${USAGE}`);
    return 2;
  }
  return args.data;
}

/**
 * Runs a command on the database in DATABASE_URL (migrated as it opens) and closes it: exit 0 when the command
 * is done, 2 when it refuses (BootstrapRefusal, said on stderr); anything else is thrown on (exit 1).
 */
async function onDatabase(url: string, command: (db: Db) => Promise<void>): Promise<number> {
  const log = createLogger({ level: 'warn', name: 'screenvisit-bootstrap' });
  const database = await openDatabase({ url, dataDir: '.', log });
  try {
    await command(database.db);
    return 0;
  } catch (error) {
    if (error instanceof BootstrapRefusal) {
      console.error(`Refused: ${error.message}`);
      return 2;
    }
    throw error;
  } finally {
    await database.close();
  }
}

async function main(): Promise<number> {
  if (process.argv[2] === 'add-account') return mainAddAccount(process.argv.slice(3));
  if (process.argv[2] === 'reset-account') return mainResetAccount(process.argv.slice(3));
  const values = readFlags(process.argv.slice(2), {
    municipality: { type: 'string' },
    admin: { type: 'string' },
    name: { type: 'string' },
    'staff-network': { type: 'string', multiple: true },
    'time-zone': { type: 'string', default: 'Europe/Copenhagen' },
    'allow-non-empty': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
  if (typeof values === 'number') return values;
  const url = databaseUrl();
  if (!url) return 2;
  const { municipality, admin } = values;
  if (typeof municipality !== 'string' || typeof admin !== 'string') {
    console.error(`--municipality and --admin are required.\n${USAGE}`);
    return 2;
  }
  const timeZone = String(values['time-zone']);
  if (!Intl.supportedValuesOf('timeZone').includes(timeZone)) {
    console.error(`Unknown time zone "${timeZone}" (an IANA zone such as Europe/Copenhagen).`);
    return 2;
  }
  return onDatabase(url, async (db) => {
    const result = await bootstrap(db, {
      municipalityName: municipality,
      adminUsername: admin,
      adminDisplayName: typeof values.name === 'string' ? values.name : admin,
      staffNetworks: (values['staff-network'] as string[] | undefined) ?? [],
      timeZone,
      allowNonEmpty: values['allow-non-empty'] === true,
      now: new Date(),
    });
    if (result.outcome === 'already_done') {
      process.stdout.write(
        `Already bootstrapped: municipality ${result.municipalityId}, administrator ${result.adminId}. Nothing changed.\n`,
      );
    } else {
      process.stdout.write(`Created municipality ${result.municipalityId} and system administrator ${admin}.

One-time password (shown only now; the first login replaces it and enrols an authenticator app):

    ${result.oneTimePassword}

Log in at https://<your host>/admin/ from one of the staff networks given.
`);
    }
  });
}

async function mainAddAccount(argv: string[]): Promise<number> {
  const args = readArgs(
    argv,
    {
      municipality: { type: 'string' },
      role: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    AddAccountArgs,
  );
  if (typeof args === 'number') return args;
  const url = databaseUrl();
  if (!url) return 2;
  return onDatabase(url, async (db) => {
    const result = await addAccount(db, { ...args, now: new Date(), ranBy: operatingSystemUser() });
    // The password goes to the operator's terminal only: never to a logger, never into the audit entry.
    process.stdout.write(`Created ${args.role} account ${args.username} (${result.staffId}) in ${args.municipality}.

One-time password (shown only now; give it to ${args.name} in person or by phone, never by e-mail; the first
login replaces it and enrols an authenticator app):

    ${result.oneTimePassword}

Log in at https://<your host>/${args.role === 'system_admin' ? 'admin' : 'support'}/ from one of the municipality's staff networks.
`);
  });
}

async function mainResetAccount(argv: string[]): Promise<number> {
  const args = readArgs(
    argv,
    {
      municipality: { type: 'string' },
      username: { type: 'string' },
      reopen: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    ResetAccountArgs,
  );
  if (typeof args === 'number') return args;
  const url = databaseUrl();
  if (!url) return 2;
  return onDatabase(url, async (db) => {
    const result = await resetAccount(db, { ...args, now: new Date(), ranBy: operatingSystemUser() });
    // The password goes to the operator's terminal only: never to a logger, never into the audit entry.
    process.stdout.write(`Reset ${result.role} account ${args.username} (${result.staffId}) in ${args.municipality}${result.reopened ? ', opened again' : ''}.
Its sessions are ended; its authenticator app, passkeys and recovery codes no longer work.

One-time password (shown only now; give it to ${result.displayName} in person or by phone, never by e-mail; the
next login replaces it and enrols a new authenticator app):

    ${result.oneTimePassword}
`);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (isConfigError(error) || isStartupError(error)) {
      console.error(`\n${error.message}\n`);
      process.exit(2);
    }
    console.error('screenvisit bootstrap failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
