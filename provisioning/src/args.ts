import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ProvisioningError } from './errors.js';

export const USAGE = `Usage: screenvisit-support <command> [options]

  login --url <cloud URL> --username <name> [--password <pw>] [--totp <code>]
  logout
  devices list [--json]
  devices show <id> [--json]
  devices register <label>
  devices enrol-code <id>
  devices lend <id> <citizenId>
  devices return <id>
  devices config <id> [--volume 0-100] [--brightness 0-100] [--quiet-hours HH:MM-HH:MM|none]
                      [--night-watch on|off] [--pool <poolId>]
                      (auto-answer is the citizen's setting: support console, Borgere, the citizen's card)
  devices wipe <id> [--retire]
  fleet list                                  (needs BALENA_API_TOKEN and BALENA_FLEET)
  fleet provision <id> <balenaUuid>           (enrolment code + CLOUD_URL to the balena device, then restart)

The session is kept in $XDG_CONFIG_HOME/screenvisit/support-session.json (mode 0600).
Exit codes: 0 ok, 2 usage, 3 not logged in, 4 refused by the cloud, 5 cloud unreachable, 6 fleet error.`;

const OPTIONS = {
  url: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  totp: { type: 'string' },
  json: { type: 'boolean' },
  volume: { type: 'string' },
  brightness: { type: 'string' },
  'auto-answer': { type: 'string' },
  countdown: { type: 'string' },
  'quiet-hours': { type: 'string' },
  'night-watch': { type: 'string' },
  pool: { type: 'string' },
  retire: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const Uuid = z.uuid('expected a device id (a UUID, as `devices list` shows)');
const Percent = z.coerce.number().int().min(0).max(100);
const OnOff = z.enum(['on', 'off']).transform((v) => v === 'on');
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const QuietHours = z.union([
  z.literal('none').transform(() => null),
  z
    .string()
    .transform((s) => s.split('-'))
    .pipe(z.tuple([Clock, Clock]))
    .transform(([start, end]) => ({ start, end })),
]);

/**
 * --auto-answer and --countdown set DeviceConfig.autoAnswer, which the kiosk agent never reads: whether a call
 * answers by itself is the borrower's policy, which also covers their own phone or tablet (cloud/src/care/
 * auto-answer.ts). Changing a citizen's policy from a kiosk command would reach past the kiosk, so the flags are
 * refused with where to change it, rather than dropped as unknown or quietly sent to a field nobody reads.
 */
export const AUTO_ANSWER_MOVED =
  'auto-answer is no longer a kiosk setting: it is the borrower citizen\'s own setting (it covers their kiosk, phone and tablet). Change it in the support console under Borgere, on the citizen\'s card ("Opkald der besvares af sig selv"), or with PUT /api/citizens/{id}/auto-answer';
const Moved = z.undefined(AUTO_ANSWER_MOVED);

export const ConfigFlags = z
  .object({
    volume: Percent.optional(),
    brightness: Percent.optional(),
    'auto-answer': Moved,
    countdown: Moved,
    'quiet-hours': QuietHours.optional(),
    'night-watch': OnOff.optional(),
    pool: z.uuid('expected the pool id (a UUID)').optional(),
  })
  .refine(
    (f) => Object.values(f).some((v) => v !== undefined),
    'give at least one setting, e.g. --volume 60',
  );

export type Command =
  | { kind: 'help' }
  | { kind: 'login'; url: string; username: string; password?: string; totp?: string }
  | { kind: 'logout' }
  | { kind: 'list'; json: boolean }
  | { kind: 'show'; id: string; json: boolean }
  | { kind: 'register'; label: string }
  | { kind: 'enrol-code'; id: string }
  | { kind: 'lend'; id: string; citizenId: string }
  | { kind: 'return'; id: string }
  | { kind: 'config'; id: string; flags: z.infer<typeof ConfigFlags> }
  | { kind: 'wipe'; id: string; retire: boolean }
  | { kind: 'fleet-list' }
  | { kind: 'fleet-provision'; id: string; uuid: string };

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw ProvisioningError.usage(`${what}: ${where}${issue?.message ?? 'invalid'}`);
}

const positional = (count: number, names: string) => z.array(z.string()).length(count, `expected ${names}`);

/** argv (without node and the script) → one validated command, or a usage error saying what is wrong. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw ProvisioningError.usage((error as Error).message.split('\n')[0] ?? 'invalid arguments');
  }
  const { values: v, positionals } = parsed;
  if (v.help || positionals.length === 0) return { kind: 'help' };
  const [group, action, ...rest] = positionals;
  const json = v.json === true;
  if (group === 'login') {
    const login = check(
      z.object({
        url: z.url('expected the cloud URL, e.g. https://screenvisit.kk.dk'),
        username: z.string().min(1, 'expected --username'),
        password: z.string().min(1).optional(),
        totp: z
          .string()
          .regex(/^\d{6}$/, 'expected the 6-digit code from your authenticator app')
          .optional(),
      }),
      { url: v.url, username: v.username, password: v.password, totp: v.totp },
      'login',
    );
    return { kind: 'login', ...login };
  }
  if (group === 'logout') return { kind: 'logout' };
  if (group === 'fleet') {
    if (action === 'list') return { kind: 'fleet-list' };
    if (action === 'provision') {
      const [id, uuid] = check(positional(2, '<id> <balenaUuid>'), rest, 'fleet provision');
      return {
        kind: 'fleet-provision',
        id: check(Uuid, id, 'fleet provision <id>'),
        uuid: check(
          z.string().regex(/^[0-9a-f]{7,62}$/, 'expected a balena device UUID'),
          uuid,
          'fleet provision',
        ),
      };
    }
    throw ProvisioningError.usage(`unknown fleet command: ${action ?? '(none)'}`);
  }
  if (group !== 'devices') throw ProvisioningError.usage(`unknown command: ${group}`);
  const one = (what: string) => check(Uuid, check(positional(1, '<id>'), rest, what)[0], what);
  switch (action) {
    case 'list':
      return { kind: 'list', json };
    case 'show':
      return { kind: 'show', id: one('devices show'), json };
    case 'register': {
      const [label] = check(positional(1, '<label>'), rest, 'devices register');
      return { kind: 'register', label: label! };
    }
    case 'enrol-code':
      return { kind: 'enrol-code', id: one('devices enrol-code') };
    case 'lend': {
      const [id, citizenId] = check(positional(2, '<id> <citizenId>'), rest, 'devices lend');
      return {
        kind: 'lend',
        id: check(Uuid, id, 'devices lend <id>'),
        citizenId: check(z.uuid('expected the citizen id (a UUID)'), citizenId, 'devices lend'),
      };
    }
    case 'return':
      return { kind: 'return', id: one('devices return') };
    case 'config': {
      const id = one('devices config');
      const flags = check(
        ConfigFlags,
        {
          volume: v.volume,
          brightness: v.brightness,
          'auto-answer': v['auto-answer'],
          countdown: v.countdown,
          'quiet-hours': v['quiet-hours'],
          'night-watch': v['night-watch'],
          pool: v.pool,
        },
        'devices config',
      );
      return { kind: 'config', id, flags };
    }
    case 'wipe':
      return { kind: 'wipe', id: one('devices wipe'), retire: v.retire === true };
    default:
      throw ProvisioningError.usage(`unknown devices command: ${action ?? '(none)'}`);
  }
}
