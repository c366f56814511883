/**
 * Keeps the configuration tables in docs/operations.md identical to the zod env tables in code.
 *   --write  regenerate the marked sections
 *   --check  fail (exit 1) when the doc is out of date; part of `npm test`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cloudEnv } from '../cloud/src/config.js';
import { deviceEnv } from '../device/src/index.js';
import { type EnvTable, envTableMarkdown } from '../protocol/src/env.js';
import { startEnv } from './start-env.js';

const tables: Record<string, EnvTable> = { cloud: cloudEnv, device: deviceEnv, start: startEnv };
const docPath = fileURLToPath(new URL('../docs/operations.md', import.meta.url));

export function render(doc: string): string {
  let out = doc;
  for (const [name, table] of Object.entries(tables)) {
    const begin = `<!-- env:${name}:begin -->`;
    const end = `<!-- env:${name}:end -->`;
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/operations.md lacks the markers ${begin} … ${end}`);
    out = `${out.slice(0, from + begin.length)}\n${envTableMarkdown(table)}\n${out.slice(to)}`;
  }
  return out;
}

const mode = process.argv[2];
const current = readFileSync(docPath, 'utf8');
const wanted = render(current);
if (mode === '--write') {
  writeFileSync(docPath, wanted);
  console.log('docs/operations.md: configuration tables regenerated');
} else if (current !== wanted) {
  console.error('docs/operations.md is out of date with the env tables in code. Run: npm run docs:config');
  process.exit(1);
} else {
  console.log('docs/operations.md: configuration tables match the code');
}
