import { describe } from 'vitest';
import { requireOrSkip, TEST_POSTGRES_URL, tcpReachable } from '../../../test-support/requirements.js';
import { careDbTests } from '../../test/care-db-suite.js';
import { postgresHarness } from '../../test/db-suite/harness.js';

const server = new URL(TEST_POSTGRES_URL);
const available = requireOrSkip(
  'PostgreSQL',
  await tcpReachable(server.hostname, Number(server.port || 5432)),
  `nothing answers at ${server.hostname}:${server.port || 5432}; apt-get install postgresql, or set TEST_DATABASE_URL`,
);

// The concurrent-claim test only proves atomicity on a real server, where the two UPDATEs run on two connections.
describe.skipIf(!available)('care domain on PostgreSQL', () => careDbTests(postgresHarness()));
