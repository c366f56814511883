import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyRuntimeModules, runtimeModules } from '../../../scripts/build-kiosk-runtime.js';

const root = new URL('../../../', import.meta.url).pathname;

describe("the kiosk bundle's run-time modules (the .deb and the image ship the same set)", () => {
  const modules = runtimeModules(join(root, 'node_modules'));

  it('ships GPIO (onoff with its epoll addon) beside the screen, so HARDWARE=real can open the board', () => {
    for (const name of ['node-gtk', 'onoff', 'epoll', 'bindings', 'lodash.debounce'])
      expect(modules).toContain(name);
  });

  it('leaves out what only compiles an addon', () => {
    for (const name of ['node-gyp', '@mapbox/node-pre-gyp', 'nan']) expect(modules).not.toContain(name);
  });

  it('copies loadable addons and no compiler output', () => {
    const target = mkdtempSync(join(tmpdir(), 'sv-runtime-'));
    try {
      copyRuntimeModules(target, join(root, 'node_modules'));
      const nm = join(target, 'node_modules');
      // What each loader opens: epoll through `bindings` (build/Release), node-gtk from lib/binding/.
      expect(existsSync(join(nm, 'epoll/build/Release/epoll.node'))).toBe(true);
      expect(existsSync(join(nm, 'node-gtk/lib/index.js'))).toBe(true);
      expect(existsSync(join(nm, 'epoll/build/Release/obj.target/epoll.node'))).toBe(false);
      expect(existsSync(join(nm, 'node-gtk/build/Release/node_gtk.node'))).toBe(false);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });
});
