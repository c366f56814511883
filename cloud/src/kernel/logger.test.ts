import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

const src = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.includes('.test.') ? [path] : [];
  });
}

// main.ts binds `node` (NODE_ID) to every line, so 2nd line can filter by the node that wrote it
// (docs/operations.md#logs). pino does not merge keys: a call that logs another `node` writes the key twice, and
// jq and log stores keep the last one, so "cluster node gone" on node b was filed under the node that died.
describe('log lines', () => {
  it('never use `node` for another field than the writing node (the gone or adopted node is `peer`)', () => {
    const offenders = sources(src).flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /\blog\w*(?:\.\w+)*\.(?:trace|debug|info|warn|error|fatal)\(\s*\{(?:[^}]*,)?\s*node\s*[:,}]/g,
        ),
      ].map((m) => `${relative(src, file)}: ${m[0].replace(/\s+/g, ' ')}`),
    );
    expect(offenders).toEqual([]);
  });
});

describe('the logger', () => {
  it("names the process under `service` and still redacts a person's name", async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    createLogger({ name: 'screenvisit-bootstrap', destination }).info({ name: 'Aase Pedersen' }, 'hello');
    await new Promise((r) => setImmediate(r));
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line.service).toBe('screenvisit-bootstrap');
    expect(line.name).toBe('[redacted]');
    expect(lines[0]).not.toContain('Aase');
  });
});
