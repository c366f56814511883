import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { TestProjectInlineConfiguration } from 'vitest/config';
import config from '../vitest.config.js';
import { E2E_NO_MEDIA, MEDIA_MODULES } from './e2e-groups.js';

/**
 * The guard of the e2e groups (test-support/e2e-groups.ts): a file listed to run beside another uses no media.
 * It reads the imports with TypeScript's parser and follows every relative and @screenvisit/* import that is
 * loaded at run time (`import type` is not), through product and test code alike.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKSPACES = ['protocol', 'hardware', 'device', 'provisioning', 'cloud'];

/** '@screenvisit/protocol/testing' -> 'protocol/src/testing/fake-clock.ts', from each package's exports. */
const workspaceExports = new Map<string, string>();
for (const dir of WORKSPACES) {
  const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string>;
  };
  for (const [key, target] of Object.entries(pkg.exports))
    workspaceExports.set(`${pkg.name}${key.slice(1)}`, join(ROOT, dir, target));
}

const isFile = (path: string) => existsSync(path) && statSync(path).isFile();

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = specifier.startsWith('.')
    ? resolve(dirname(from), specifier)
    : workspaceExports.get(specifier);
  if (!base) return undefined;
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base,
    join(base, 'index.ts'),
  ];
  return candidates.find(isFile);
}

/** The specifiers a module loads at run time: static imports and re-exports (not type-only) and import(). */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) &&
      !node.importClause?.isTypeOnly &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push(node.moduleSpecifier.text);
    else if (
      ts.isExportDeclaration(node) &&
      !node.isTypeOnly &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push(node.moduleSpecifier.text);
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      found.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const specifiersOf = new Map<string, string[]>();
const specifiers = (file: string) => {
  const known = specifiersOf.get(file);
  if (known) return known;
  const found = runtimeSpecifiers(file);
  specifiersOf.set(file, found);
  return found;
};

const rel = (file: string) => relative(ROOT, file);
/** Test code, which may start processes only in files that run alone; product code's processes are its own. */
const isTestSide = (file: string) => !/^[^/]+\/src\//.test(rel(file)) || rel(file).includes('/src/testing/');
const mediaModule = (path: string) =>
  Object.keys(MEDIA_MODULES).find((m) => (m.endsWith('/') ? path.startsWith(m) : path === m));

/** Why an e2e file is a media file, one line per finding with the import chain that leads to it; [] if it is not. */
function mediaUse(file: string): string[] {
  const entry = join(ROOT, file);
  const findings = new Set<string>();
  const chainTo = new Map<string, string[]>([[entry, [file]]]);
  const queue = [entry];
  const ownText = readFileSync(entry, 'utf8');
  if (/\b(getUserMedia|RTCPeerConnection)\b/.test(ownText))
    findings.add(`${file}: opens a camera or a peer connection itself`);
  for (let module = queue.shift(); module; module = queue.shift()) {
    const chain = chainTo.get(module)!;
    const path = rel(module);
    const media = mediaModule(path);
    if (media) {
      findings.add(`${chain.join(' -> ')}: ${MEDIA_MODULES[media]}`);
      continue;
    }
    for (const specifier of specifiers(module)) {
      if ((specifier === 'node:child_process' || specifier === 'child_process') && isTestSide(module))
        findings.add(
          `${chain.join(' -> ')}: starts processes (a kiosk agent, the whole system, an X server …)`,
        );
      const next = resolveLocal(module, specifier);
      if (!next || chainTo.has(next) || !/\.tsx?$/.test(next)) continue;
      chainTo.set(next, [...chain, rel(next)]);
      queue.push(next);
    }
  }
  return [...findings];
}

describe('the e2e files that run two at a time', () => {
  it('are e2e files that exist, each listed once', () => {
    expect(new Set(E2E_NO_MEDIA).size).toBe(E2E_NO_MEDIA.length);
    for (const file of E2E_NO_MEDIA) {
      expect(file).toMatch(/\.e2e\.test\.ts$/);
      expect(isFile(join(ROOT, file)), file).toBe(true);
    }
  });

  it.each(E2E_NO_MEDIA)('%s uses no media', { timeout: 30_000 }, (file) => {
    expect(mediaUse(file)).toEqual([]);
  });

  // The guard itself: it finds each kind of media in a file known to use it (these files run alone).
  it.each([
    ['cloud/web/test/calls.e2e.test.ts', 'calls-world.ts'],
    ['cloud/web/test/nightwatch.e2e.test.ts', 'cloud/test/kits/calls.ts'],
    ['cloud/web/test/nightwatch-passkey.e2e.test.ts', 'byod-night-world.ts'],
    ['cloud/web/test/weak-network.e2e.test.ts', 'netns.ts'],
    ['cloud/src/turn/relay-chromium.e2e.test.ts', 'test-support/coturn.ts'],
    ['cloud/src/turn/relay-chromium.e2e.test.ts', 'cloud/test/turn/peers.ts'],
    ['device/test/media/wrtc.e2e.test.ts', 'the media engine suites'],
    ['e2e/kiosk-gstreamer.e2e.test.ts', 'device/src/media/gstreamer/'],
    ['e2e/support-devices.e2e.test.ts', 'device/src/testing/kiosk.ts'],
    ['e2e/kiosk-bad-input.e2e.test.ts', 'e2e/screen-capture.ts'],
    ['e2e/kiosk-bad-input.e2e.test.ts', 'scripts/build-kiosk.ts'],
    ['e2e/kiosk-deb.e2e.test.ts', 'starts processes'],
    ['scripts/start.e2e.test.ts', 'starts processes'],
  ])('finds the media in %s (%s)', { timeout: 30_000 }, (file, finding) => {
    expect(mediaUse(file).join('\n')).toContain(finding);
  });
});

describe('the order of the test projects (vitest.config.ts)', () => {
  const projects = (config.test?.projects ?? []) as TestProjectInlineConfiguration[];
  const project = (name: string) => {
    const found = projects.find((p) => p.test?.name === name)?.test;
    if (!found) throw new Error(`no project ${name}`);
    return found;
  };
  const order = (name: string) => project(name).sequence?.groupOrder ?? 0;

  it('runs unit and integration first, then the no-media e2e files two at a time, then the rest one at a time', () => {
    expect(order('unit')).toBe(order('integration'));
    expect(order('e2e-no-media')).toBeGreaterThan(order('integration'));
    expect(project('e2e-no-media').maxWorkers).toBe(2);
    expect(project('e2e-no-media').include).toEqual(E2E_NO_MEDIA);
    // vitest runs one groupOrder after another, each to its end: the media files come last, one file at a time.
    expect(order('e2e')).toBeGreaterThan(order('e2e-no-media'));
    expect(project('e2e').fileParallelism).toBe(false);
    expect(project('e2e').exclude).toEqual(expect.arrayContaining([...E2E_NO_MEDIA]));
  });
});
