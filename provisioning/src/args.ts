import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ProvisioningError } from './errors.js';

export const USAGE = `Usage: screenvisit-support <command> [options]

  login --url <cloud URL> --username <name> [--password <pw>] [--totp <code>]
  logout
  devices list [--json]
  devices show <kiosk> [--json]
  devices register <label>...                 (several at once: devices register KBH-00{01..40})
  devices enrol-code <kiosk>...               (one code per kiosk, each shown once)
  devices lend <kiosk> <citizen>              (her whole name in quotes, or her ref if two share the name)
  devices return <kiosk>
  devices config <kiosk> [--volume 0-100] [--brightness 0-100] [--quiet-hours HH:MM-HH:MM|none]
                      [--night-watch on|off] [--pool <pool>]
                      (auto-answer is the citizen's setting: support console, Borgere, the citizen's card)
  devices wipe <kiosk> [--retire]
  fleet list                                  (needs BALENA_API_TOKEN and BALENA_FLEET)
  fleet provision <kiosk> <balenaUuid>        (enrolment code + CLOUD_URL to the balena device, then restart)

<kiosk> is the label on the kiosk's box (KBH-0001, any case) or its id; <citizen> is her whole name (any case),
her ref (3F2A9C, on her card in the support console) or her id; <pool> is the night-watch pool's name or id.
A name that fits no one or several changes nothing: the message lists the candidates with their refs and ids.
devices list shows LAST SEEN in Copenhagen time with its offset (2026-12-07 11:57+01:00).

The session is kept in $XDG_CONFIG_HOME/screenvisit/support-session.json (mode 0600).
Exit codes: 0 ok, 2 usage, 3 not logged in, 4 refused by the cloud, 5 cloud unreachable, 6 fleet error,\n7 no such kiosk or citizen (or two citizens of that name: the message lists them with their refs).`;

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

/** A kiosk's label or id, or a citizen's name, ref or id: resolve.ts finds whom it names, at the cloud. */
/** A kiosk: its label as the cloud registers labels (cloud/src/devices/schemas.ts), or its id (which fits too). */
const Kiosk = z
  .string()
  .trim()
  .min(1, "expected the kiosk's label, e.g. KBH-0001, or its id")
  .max(40, 'a label is at most 40 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'a label has letters, digits, dot, dash and underscore, no spaces, e.g. KBH-0001',
  );
/** A citizen's or pool's name as typed: runs of spaces read as one; no control characters (pasted by mistake). */
const PersonName = (what: string, example: string) =>
  z
    .string()
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(
      z
        .string()
        .min(1, `expected the ${what}'s name in quotes, e.g. "${example}", or the ref or id`)
        .max(100, `a ${what}'s name is at most 100 characters`)
        .regex(/^[^\p{Cc}]*$/u, `the ${what}'s name has a control character in it`),
    );
const Citizen = PersonName('citizen', 'Aase Pedersen');
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
    pool: PersonName('pool', 'Nattevagten Solbakken').optional(),
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
  | { kind: 'show'; kiosk: string; json: boolean }
  | { kind: 'register'; labels: string[] }
  | { kind: 'enrol-code'; kiosks: string[] }
  | { kind: 'lend'; kiosk: string; citizen: string }
  | { kind: 'return'; kiosk: string }
  | { kind: 'config'; kiosk: string; flags: z.infer<typeof ConfigFlags> }
  | { kind: 'wipe'; kiosk: string; retire: boolean }
  | { kind: 'fleet-list' }
  | { kind: 'fleet-provision'; kiosk: string; uuid: string };

function check<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
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
      const [kiosk, uuid] = check(positional(2, '<kiosk> <balenaUuid>'), rest, 'fleet provision');
      return {
        kind: 'fleet-provision',
        kiosk: check(Kiosk, kiosk, 'fleet provision <kiosk>'),
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
  const one = (what: string) => check(Kiosk, check(positional(1, '<kiosk>'), rest, what)[0], what);
  switch (action) {
    case 'list':
      return { kind: 'list', json };
    case 'show':
      return { kind: 'show', kiosk: one('devices show'), json };
    case 'register':
      return {
        kind: 'register',
        labels: check(z.array(Kiosk).min(1, 'expected <label>...'), rest, 'devices register'),
      };
    case 'enrol-code':
      return {
        kind: 'enrol-code',
        kiosks: check(z.array(Kiosk).min(1, 'expected <kiosk>...'), rest, 'devices enrol-code'),
      };
    case 'lend': {
      const [kiosk, citizen] = check(
        positional(2, '<kiosk> <citizen> (put a name with a space in quotes)'),
        rest,
        'devices lend',
      );
      return {
        kind: 'lend',
        kiosk: check(Kiosk, kiosk, 'devices lend <kiosk>'),
        citizen: check(Citizen, citizen, 'devices lend <citizen>'),
      };
    }
    case 'return':
      return { kind: 'return', kiosk: one('devices return') };
    case 'config': {
      const kiosk = one('devices config');
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
      return { kind: 'config', kiosk, flags };
    }
    case 'wipe':
      return { kind: 'wipe', kiosk: one('devices wipe'), retire: v.retire === true };
    default:
      throw ProvisioningError.usage(`unknown devices command: ${action ?? '(none)'}`);
  }
}
