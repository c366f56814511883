/**
 * Keeps generated sections of the docs identical to the code they describe:
 *   docs/operations.md  the zod env table of each process
 *   docs/security.md    the authorization matrix (cloud/src/auth/authorization-matrix.ts)
 *   --write  regenerate the marked sections
 *   --check  fail (exit 1) when a doc is out of date; part of `npm test`
 * Both also refuse any doc (docs/**.md, README.md) that still holds a merge's conflict markers: one slipped
 * into docs/performance.md on 2026-12-06 and nothing noticed.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { authorizationMatrixMarkdown } from '../cloud/src/auth/authorization-matrix.js';
import { cloudEnv } from '../cloud/src/kernel/config.js';
import { deviceEnv } from '../device/src/index.js';
import { type EnvTable, envTableMarkdown } from '../protocol/src/env.js';
import { startEnv } from './start-env.js';

const tables: Record<string, EnvTable> = { cloud: cloudEnv, device: deviceEnv, start: startEnv };

/** doc → (marker name → generated markdown) */
const sections: Record<string, Record<string, () => string>> = {
  'operations.md': Object.fromEntries(
    Object.entries(tables).map(([name, table]) => [`env:${name}`, () => envTableMarkdown(table)]),
  ),
  'security.md': { 'access:matrix': authorizationMatrixMarkdown },
};

/** Lines a merge left behind: `<<<<<<< ours`, `=======`, `>>>>>>> theirs` (git's default conflict style). */
function conflictMarkers(doc: string): number[] {
  const lines: number[] = [];
  doc.split('\n').forEach((line, i) => {
    if (/^(<{7}|>{7})( |$)/.test(line) || line === '=======') lines.push(i + 1);
  });
  return lines;
}

function markdownFiles(dir: URL): URL[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return markdownFiles(new URL(`${entry.name}/`, dir));
    return entry.name.endsWith('.md') ? [new URL(entry.name, dir)] : [];
  });
}

export function render(doc: string, generated: Record<string, () => string>, file: string): string {
  let out = doc;
  for (const [name, make] of Object.entries(generated)) {
    const begin = `<!-- ${name}:begin -->`;
    const end = `<!-- ${name}:end -->`;
    const from = out.indexOf(begin);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`docs/${file} lacks the markers ${begin} … ${end}`);
    out = `${out.slice(0, from + begin.length)}\n${make()}\n${out.slice(to)}`;
  }
  return out;
}

const write = process.argv[2] === '--write';
let stale = false;
for (const [file, generated] of Object.entries(sections)) {
  const path = fileURLToPath(new URL(`../docs/${file}`, import.meta.url));
  const current = readFileSync(path, 'utf8');
  const wanted = render(current, generated, file);
  if (current === wanted) continue;
  if (write) {
    writeFileSync(path, wanted);
    console.log(`docs/${file}: generated sections rewritten`);
  } else {
    console.error(`docs/${file} is out of date with the code. Run: npm run docs:write`);
    stale = true;
  }
}
for (const url of [
  ...markdownFiles(new URL('../docs/', import.meta.url)),
  new URL('../README.md', import.meta.url),
]) {
  const lines = conflictMarkers(readFileSync(url, 'utf8'));
  if (lines.length === 0) continue;
  console.error(
    `${fileURLToPath(url)} holds merge-conflict markers at line ${lines.join(', ')}: resolve them`,
  );
  stale = true;
}
if (stale) process.exit(1);
if (!write) console.log('docs: generated sections match the code');
