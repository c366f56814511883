import { join, relative } from 'node:path';
import { defineConfig } from 'drizzle-kit';

/**
 * drizzle-kit loads this file as CommonJS, so `__dirname` (not import.meta) anchors the paths: generating
 * works from cloud/ (`npm run db:generate`) and from the repo root (`--config cloud/drizzle.config.ts`).
 * drizzle-kit wants paths relative to the working directory (it prefixes './'). Generated migrations are
 * committed and applied at start-up by src/db/open.ts.
 */
const fromHere = (path: string) => relative(process.cwd(), join(__dirname, path));

export default defineConfig({
  dialect: 'postgresql',
  schema: fromHere('src/db/schema/index.ts'),
  out: fromHere('drizzle'),
  strict: true,
  verbose: true,
});
