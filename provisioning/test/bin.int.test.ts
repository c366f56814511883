import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = `${root}node_modules/.bin/screenvisit-support`;

describe('the installed screenvisit-support command', () => {
  it('runs through the npm bin symlink and prints its usage', () => {
    const out = execFileSync(bin, ['--help'], { cwd: root, encoding: 'utf8' });
    expect(out).toMatch(/^Usage: screenvisit-support <command>/);
  });

  it('answers an unknown command with exit code 2 and no stack trace', () => {
    const run = spawnSync(bin, ['devices', 'frobnicate'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown devices command/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
