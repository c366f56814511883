import { describe } from 'vitest';
import { pgliteHarness } from '../db/suite/harness.js';
import { careDbTests } from './care-db-suite.js';

describe('care domain on PGlite', () => careDbTests(pgliteHarness()));
