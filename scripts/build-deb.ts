/**
 * `npm run build:deb`: the kiosk as a Debian package for Raspberry Pi OS (bookworm), made from the same
 * esbuild bundle as the container image (scripts/build-kiosk.ts). Layout (docs/operations.md):
 *   /usr/lib/screenvisit-kiosk/   the bundle + node_modules/ (node-gtk, onoff/epoll: native, this architecture)
 *   /usr/bin/screenvisit-kiosk    `node` on the bundle
 *   /lib/systemd/system/screenvisit-kiosk.service   cage on tty1 running the agent (Type=notify, WatchdogSec)
 *   /lib/udev/rules.d/60-screenvisit-kiosk.rules     GPIO and backlight access for the agent's groups
 *   /etc/screenvisit/kiosk.env    the settings (a conffile); /var/lib/screenvisit (0700) gets the credential (0600)
 * The JavaScript is architecture-independent, but node-gtk's compiled addon is not, so the package is built
 * for the machine's architecture (amd64 here, arm64 when run on a Pi or an arm64 builder); without node-gtk
 * (BUILD_DEB_ARCH=all) it would be an `all` package whose kiosk has no screen and no GStreamer engine.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildKiosk } from './build-kiosk.js';
import { copyRuntimeModules } from './build-kiosk-runtime.js';

const NAME = 'screenvisit-kiosk';
const version = (JSON.parse(readFileSync('device/package.json', 'utf8')) as { version: string }).version;
// node-gtk's addon is compiled for one Node ABI: the kiosk needs the Node major it was built with (20).
const DEPENDS = [
  'nodejs (>= 20)',
  'libc6 (>= 2.34)',
  'libstdc++6',
  'libglib2.0-0',
  'cage',
  'systemd',
  'adduser',
  'gir1.2-gtk-3.0',
  'gstreamer1.0-gtk3',
  'gir1.2-gstreamer-1.0',
  'gir1.2-gst-plugins-base-1.0',
  'gir1.2-gst-plugins-bad-1.0',
  'gstreamer1.0-plugins-base',
  'gstreamer1.0-plugins-good',
  'gstreamer1.0-plugins-bad',
  'gstreamer1.0-nice',
  'gstreamer1.0-alsa',
  'libgirepository-1.0-1',
  'libcairo2',
];

export function buildDeb(): string {
  const arch =
    process.env.BUILD_DEB_ARCH ?? execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim();
  const root = join('device/dist/deb', `${NAME}_${version}_${arch}`);
  rmSync('device/dist/deb', { recursive: true, force: true });
  const at = (path: string) => join(root, path);
  const put = (path: string, text: string, mode = 0o644) => {
    mkdirSync(join(at(path), '..'), { recursive: true });
    writeFileSync(at(path), text);
    chmodSync(at(path), mode);
  };
  const deb = 'deploy/kiosk/deb';
  const lib = `/usr/lib/${NAME}`;

  mkdirSync(at(lib), { recursive: true });
  cpSync('device/dist/screenvisit-kiosk.mjs', at(`${lib}/screenvisit-kiosk.mjs`));
  if (arch !== 'all') {
    // The native modules outside the bundle and their run-time dependencies (scripts/build-kiosk-runtime.ts):
    // node-gtk (screen, GStreamer) and onoff/epoll (GPIO on HARDWARE=real). Not @roamhq/wrtc: its addon embeds
    // libsrtp (lintian embedded-library, an error under Debian policy 4.13), and a Pi kiosk uses GStreamer.
    copyRuntimeModules(at(lib), 'node_modules', ['node-gtk', 'onoff']);
    // Debian policy: shared objects stripped and not executable (lintian unstripped-binary-or-object).
    const addons = execFileSync('find', [at(lib), '-name', '*.node'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    for (const addon of addons) {
      execFileSync('strip', [
        '--strip-unneeded',
        '--remove-section=.comment',
        '--remove-section=.note',
        addon,
      ]);
      chmodSync(addon, 0o644);
    }
  }
  put(
    '/usr/bin/screenvisit-kiosk',
    `#!/bin/sh\nexec /usr/bin/node ${lib}/screenvisit-kiosk.mjs "$@"\n`,
    0o755,
  );
  put(`/lib/systemd/system/${NAME}.service`, readFileSync(`${deb}/screenvisit-kiosk.service`, 'utf8'));
  put(`/lib/udev/rules.d/60-${NAME}.rules`, readFileSync(`${deb}/60-screenvisit-kiosk.rules`, 'utf8'));
  put('/etc/screenvisit/kiosk.env', readFileSync(`${deb}/kiosk.env`, 'utf8'), 0o640);
  put(`/usr/share/doc/${NAME}/copyright`, COPYRIGHT);
  const changelog = `${NAME} (${version}) bookworm; urgency=medium\n\n  * Kiosk agent with its own GTK screen, packaged for Raspberry Pi OS.\n\n -- ScreenVisit <support@screenvisit.invalid>  Wed, 02 Dec 2026 12:00:00 +0000\n`;
  mkdirSync(at(`/usr/share/doc/${NAME}`), { recursive: true });
  writeFileSync(at(`/usr/share/doc/${NAME}/changelog.Debian.gz`), gzipSync(changelog, { level: 9 }));

  const size = Number(execFileSync('du', ['-sk', root], { encoding: 'utf8' }).split('\t')[0]);
  put(
    '/DEBIAN/control',
    `Package: ${NAME}\nVersion: ${version}\nArchitecture: ${arch}\nMaintainer: ScreenVisit <support@screenvisit.invalid>\nInstalled-Size: ${size}\nDepends: ${DEPENDS.join(', ')}\nSection: video\nPriority: optional\nHomepage: https://screenvisit.invalid\nDescription: ScreenVisit video-visit kiosk for municipal care\n The loan kiosk's agent: its own full-screen Danish screen (GTK 3 under the\n cage Wayland compositor), calls over WebRTC (GStreamer webrtcbin), the\n answer and night-watch buttons, and remote wipe.\n`,
  );
  put('/DEBIAN/conffiles', '/etc/screenvisit/kiosk.env\n');
  for (const script of ['postinst', 'prerm', 'postrm']) {
    const systemd =
      script === 'postinst'
        ? `if [ "$1" = "configure" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload >/dev/null || true; deb-systemd-helper enable ${NAME}.service >/dev/null || true; fi`
        : script === 'prerm'
          ? `if [ -d /run/systemd/system ] && [ "$1" = "remove" ]; then deb-systemd-invoke stop ${NAME}.service >/dev/null || true; fi`
          : `if [ "$1" = "purge" ]; then deb-systemd-helper purge ${NAME}.service >/dev/null || true; fi`;
    put(`/DEBIAN/${script}`, readFileSync(`${deb}/${script}`, 'utf8').replace('#DEBHELPER#', systemd), 0o755);
  }
  const out = `device/dist/${NAME}_${version}_${arch}.deb`;
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', root, out], { stdio: 'inherit' });
  return out;
}

const COPYRIGHT = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: screenvisit-kiosk
Source: https://screenvisit.invalid

Files: *
Copyright: 2026 ScreenVisit
License: UNLICENSED
 Proprietary; third-party licences bundled by esbuild are listed in
 /usr/lib/screenvisit-kiosk/screenvisit-kiosk.mjs.LEGAL.txt and node-gtk is MIT.
`;

if (import.meta.url === `file://${process.argv[1]}`) {
  await buildKiosk();
  console.log(buildDeb());
}
