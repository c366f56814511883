import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { executableExists, requireOrSkip } from '../../../test-support/requirements.js';

/**
 * deploy/kiosk cannot be built here (no Docker engine on the development machines), so what can be checked
 * without one is checked: the Dockerfile's instructions, the balena YAML, and the systemd unit's hardening.
 */
const root = new URL('../../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Dockerfile syntax: comments, `\` continuations, one KEYWORD per instruction (Dockerfile reference). */
function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (line.startsWith('#')) return;
    if (pending === '') start = index + 1;
    pending += `${line.replace(/\\$/, '').trim()} `;
    if (line.endsWith('\\')) return;
    const [keyword = '', ...rest] = pending.trim().split(/\s+/);
    instructions.push({ keyword, args: rest.join(' '), line: start });
    pending = '';
  });
  if (pending !== '') throw new Error('the Dockerfile ends inside a continued line');
  return instructions;
}

const KEYWORDS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

describe('deploy/kiosk', () => {
  const dockerfile = parseDockerfile(read('deploy/kiosk/Dockerfile'));

  it('has a Dockerfile made only of known instructions, on Debian bookworm with Node 20', () => {
    for (const i of dockerfile) expect(KEYWORDS, `line ${i.line}: ${i.keyword}`).toContain(i.keyword);
    const froms = dockerfile.filter((i) => i.keyword === 'FROM');
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) expect(from.args).toMatch(/^debian:bookworm/);
    expect(dockerfile.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_MAJOR='))?.args).toBe(
      'NODE_MAJOR=20',
    );
  });

  it('installs GStreamer with webrtcbin and node-gtk build dependencies, and runs the agent on real hardware', () => {
    const runs = dockerfile
      .filter((i) => i.keyword === 'RUN')
      .map((i) => i.args)
      .join(' ');
    for (const pkg of [
      'gstreamer1.0-plugins-bad',
      'gir1.2-gst-plugins-bad-1.0',
      'gstreamer1.0-nice',
      'libgirepository1.0-dev',
      'libcairo2-dev',
      'build-essential',
    ])
      expect(runs).toContain(pkg);
    expect(dockerfile.find((i) => i.keyword === 'ENV' && i.args.includes('HARDWARE=real'))).toBeDefined();
    // The esbuild bundle under plain node (issue 11 §3), not tsx on the sources.
    const entrypoint = dockerfile.findLast((i) => i.keyword === 'ENTRYPOINT')?.args;
    expect(entrypoint).toBe('["node", "/opt/screenvisit-kiosk/screenvisit-kiosk.mjs"]');
    expect(runs).toContain('scripts/build-kiosk.ts');
    expect(runs).not.toMatch(/install --global tsx/);
    const user = dockerfile.findLast((i) => i.keyword === 'USER')?.args;
    expect(user).toBeDefined();
    expect(user).not.toBe('root');
  });

  it('copies only sources and manifests that exist, never data folders, env files or tests', () => {
    for (const copy of dockerfile.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) {
        expect(existsSync(new URL(source, root)), `COPY ${source}`).toBe(true);
        expect(source).not.toMatch(/\.data|\.env|credential|test/);
      }
    }
  });

  it('has balena YAML that parses: privileged for GPIO/backlight, camera and sound devices, a data volume', () => {
    const balena = parse(read('deploy/kiosk/balena.yml')) as Record<string, unknown> & {
      data: { supportedDeviceTypes: string[] };
    };
    expect(balena.name).toBe('screenvisit-kiosk');
    expect(balena.data.supportedDeviceTypes).toContain('raspberrypi4-64');
    const compose = parse(read('deploy/kiosk/docker-compose.yml')) as {
      services: Record<
        string,
        { privileged: boolean; devices: string[]; volumes: string[]; build: { dockerfile: string } }
      >;
    };
    const kiosk = compose.services.kiosk!;
    expect(kiosk.privileged).toBe(true);
    expect(kiosk.devices.some((d) => d.startsWith('/dev/video'))).toBe(true);
    expect(kiosk.devices.some((d) => d.startsWith('/dev/snd'))).toBe(true);
    expect(kiosk.volumes.some((v) => v.endsWith(':/data'))).toBe(true);
    expect(existsSync(new URL(kiosk.build.dockerfile, root))).toBe(true);
  });

  const unit = read('deploy/kiosk/screenvisit-kiosk.service');
  const settings = new Map<string, string[]>();
  for (const line of unit.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
  }

  it('has a hardened systemd unit: own user, private 0700 state directory, no privilege gain, restarts', () => {
    const one = (key: string) => settings.get(key)?.at(-1);
    expect(one('User')).toBe('screenvisit');
    expect(one('StateDirectory')).toBe('screenvisit-kiosk');
    expect(one('StateDirectoryMode')).toBe('0700');
    expect(one('Environment')).toContain('DATA_DIR=/var/lib/screenvisit-kiosk');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('CapabilityBoundingSet')).toBe('');
    expect(one('Restart')).toBe('on-failure');
    // Exit 2 is invalid configuration (device/src/main.ts): restarting cannot fix it.
    expect(one('RestartPreventExitStatus')).toBe('2');
    // A crash loop is bounded: at most 5 starts in 5 minutes, then the unit stays failed.
    expect(one('StartLimitBurst')).toBe('5');
    expect(one('StartLimitIntervalSec')).toBe('300');
    expect(one('Type')).toBe('notify');
    expect(one('WatchdogSec')).toBe('60');
    expect(one('ExecStart')).toBe('/usr/bin/node /opt/screenvisit-kiosk/screenvisit-kiosk.mjs');
  });

  it.skipIf(
    !requireOrSkip(
      'systemd-analyze',
      executableExists('/usr/bin/systemd-analyze'),
      'apt-get install systemd',
    ),
  )('passes systemd-analyze verify, apart from the agent not being installed on this machine', () => {
    let output = '';
    try {
      execFileSync(
        '/usr/bin/systemd-analyze',
        ['verify', new URL('deploy/kiosk/screenvisit-kiosk.service', root).pathname],
        {
          stdio: 'pipe',
        },
      );
    } catch (error) {
      output = String((error as { stderr?: Buffer }).stderr ?? '');
    }
    const problems = output
      .split('\n')
      .filter((l) => l.trim() !== '' && !/is not executable: No such file or directory/.test(l));
    expect(problems).toEqual([]);
  });
});
