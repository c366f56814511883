import { parseArgs } from 'node:util';
import { isConfigError } from '@screenvisit/protocol/env';
import { openDatabase } from './db/index.js';
import { postgresUrl } from './kernel/connection-url.js';
import { isStartupError } from './kernel/errors.js';
import { createLogger } from './kernel/logger.js';
import { BootstrapRefusal, bootstrap } from './node/bootstrap.js';

/**
 * `npm run bootstrap -- --municipality "Københavns Kommune" --admin anna.admin --name "Anna Admin"
 *  --staff-network 10.20.0.0/16 [--staff-network …] [--time-zone Europe/Copenhagen] [--allow-non-empty]`
 *
 * Creates the first municipality and its first system administrator on the database in DATABASE_URL (migrating
 * it first), and prints the administrator's one-time password once. Exit 0: created or already there; 2: refused
 * or wrong arguments; 1: anything unexpected. docs/operations.md § Bootstrap.
 */
const USAGE = `Usage: npm run bootstrap -- --municipality NAME --admin USERNAME --name "DISPLAY NAME" --staff-network CIDR [--staff-network CIDR ...] [--time-zone ZONE] [--allow-non-empty]
DATABASE_URL must point at the production PostgreSQL database.`;

async function main(): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        municipality: { type: 'string' },
        admin: { type: 'string' },
        name: { type: 'string' },
        'staff-network': { type: 'string', multiple: true },
        'time-zone': { type: 'string', default: 'Europe/Copenhagen' },
        'allow-non-empty': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error(`DATABASE_URL is not set to a postgres:// URL.\n${USAGE}`);
    return 2;
  }
  // The cloud's own check (kernel/connection-url.ts): a URL postgres.js cannot read is said here, never the value.
  const checked = postgresUrl.safeParse(url);
  if (!checked.success) {
    console.error(`DATABASE_URL is invalid: ${checked.error.issues[0]?.message ?? 'not a URL'}.\n${USAGE}`);
    return 2;
  }
  if (typeof values.municipality !== 'string' || typeof values.admin !== 'string') {
    console.error(`--municipality and --admin are required.\n${USAGE}`);
    return 2;
  }
  const timeZone = String(values['time-zone']);
  if (!Intl.supportedValuesOf('timeZone').includes(timeZone)) {
    console.error(`Unknown time zone "${timeZone}" (an IANA zone such as Europe/Copenhagen).`);
    return 2;
  }
  const log = createLogger({ level: 'warn', name: 'screenvisit-bootstrap' });
  const database = await openDatabase({ url, dataDir: '.', log });
  try {
    const result = await bootstrap(database.db, {
      municipalityName: values.municipality,
      adminUsername: values.admin,
      adminDisplayName: typeof values.name === 'string' ? values.name : values.admin,
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
      process.stdout.write(`Created municipality ${result.municipalityId} and system administrator ${values.admin}.

One-time password (shown only now; the first login replaces it and enrols an authenticator app):

    ${result.oneTimePassword}

Log in at https://<your host>/admin/ from one of the staff networks given.
`);
    }
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
