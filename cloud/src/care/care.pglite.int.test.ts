import { describe } from 'vitest';
import { careDbTests } from '../../test/care-db-suite.js';
import { pgliteHarness } from '../../test/db-suite/harness.js';

describe('care domain on PGlite', () => careDbTests(pgliteHarness()));
