/**
 * The kiosk bundle's run-time node_modules: the modules esbuild leaves outside the bundle (KIOSK_NATIVE_MODULES:
 * node-gtk for the screen and GStreamer, @roamhq/wrtc, onoff/epoll for GPIO) and what each of them requires, read
 * from their package.json files. Shared by the .deb (scripts/build-deb.ts) and the container image
 * (deploy/kiosk/Dockerfile), so both ship the same set. Modules only needed to COMPILE an addon (node-gyp,
 * node-pre-gyp, nan) are left out, and so are an optional platform package that is not installed (wrtc's
 * binaries for other systems).
 *   npx tsx scripts/build-kiosk-runtime.ts <target>   copies them into <target>/node_modules
 */
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KIOSK_NATIVE_MODULES } from './build-kiosk.js';

const BUILD_ONLY = new Set(['node-gyp', '@mapbox/node-pre-gyp', 'nan']);

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Every module the native modules need at run time, each once, roots first. */
export function runtimeModules(
  nodeModules = 'node_modules',
  roots: readonly string[] = KIOSK_NATIVE_MODULES,
): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || BUILD_ONLY.has(name)) return;
    const manifest = join(nodeModules, name, 'package.json');
    if (!existsSync(manifest)) return; // an optional dependency for another platform
    seen.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as Manifest;
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  for (const root of roots) visit(root);
  return [...seen];
}

/**
 * Copies them into `<target>/node_modules`, without sources and compiler output. node-gtk loads its addon from
 * lib/binding/node-v<ABI>-<platform>-<arch>/, so its build/ goes; epoll loads build/Release/epoll.node (through
 * `bindings`), so only the object files under build/ go.
 */
export function copyRuntimeModules(
  target: string,
  nodeModules = 'node_modules',
  roots: readonly string[] = KIOSK_NATIVE_MODULES,
): string[] {
  const modules = runtimeModules(nodeModules, roots);
  for (const name of modules) {
    const skip =
      name === 'node-gtk'
        ? /\/(src|tools|scripts|build)(\/|$)|\.(cc|h|gyp|md)$|\.npmignore$/
        : /\/obj\.target(\/|$)|\/\.deps(\/|$)|\.(cc|cpp|h|gyp|o|md|mk)$|\/Makefile$|\.npmignore$/;
    cpSync(join(nodeModules, name), join(target, 'node_modules', name), {
      recursive: true,
      filter: (src) => !skip.test(src),
    });
  }
  return modules;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (!target) {
    console.error('usage: tsx scripts/build-kiosk-runtime.ts <target folder>');
    process.exit(2);
  }
  console.log(copyRuntimeModules(target).join('\n'));
}
