/**
 * The CLI's arguments: one parser for every command (pure), the options each command honours, and the
 * usage text. Every refusal is a `usage` error value; `main.ts` words it and picks the exit code.
 */
import type { Result } from '@raxx/rotation/errors';
import { failed, ok } from '@raxx/rotation/errors';
import { parseMaxAge } from '@raxx/rotation/due/due';
import type { RotationStrategy } from '@raxx/rotation/runbook';

export type Format = 'markdown' | 'json' | 'terminal';

export interface CliOptions {
  readonly command: 'plan' | 'list' | 'verify' | 'run-task' | 'due' | 'help' | 'version';
  /** `rotate <command> --help` (or `rotate help <command>`): the command whose help to print. */
  readonly topic?: HelpTopic;
  /** `--force`: `--out` may replace an existing regular file. */
  readonly force?: boolean;
  readonly strategy?: RotationStrategy;
  readonly phase?: 1 | 2 | 3;
  readonly state?: string;
  readonly maxAge?: number;
  readonly now?: Date;
  readonly target?: string;
  readonly stack?: string;
  readonly format?: Format;
  readonly out?: string;
  readonly plan?: string;
  readonly synthDir?: string;
  readonly allowExtra: readonly string[];
  readonly run?: string;
  readonly port?: string;
  readonly host?: string;
}

/** A command that has its own help: every command but `help` and `version`. */
export type HelpTopic = Exclude<CliOptions['command'], 'help' | 'version'>;

export const USAGE = [
  'usage: rotate plan --target <name|address> [--stack <name>] [--format markdown|json|terminal] [--out <file> [--force]]',
  '       rotate plan --target <name> --strategy replace|two-slot|create-before-delete [--stack <name>]',
  '       rotate list [--stack <name>] [--format markdown|json] [--out <file> [--force]]',
  '       terraform show -json <planfile> | rotate verify --plan - --target <name|address> [--stack <name>] [--allow-extra <address|type>]...',
  '       rotate verify --run <run-id> --target <name|address> [--stack <name>] [--allow-extra <address|type>]...   (Terraform Cloud; TFE_TOKEN, TFE_ADDRESS)',
  '       rotate run-task serve --port <port> [--host <addr>]   (RAXX_RUN_TASK_HMAC_KEY, TFE_ADDRESS)',
  '       terraform show -json <planfile> | rotate verify --plan - --target <name> --stack <name> --strategy two-slot --phase <1|2|3>',
  '       terraform show -json | rotate due --state - [--stack <name>] [--max-age <N>d] [--now <RFC 3339>] [--format json]',
  '       common: --synth-dir <dir> (read that synthesized output, never synthesize)',
].join('\n');

/** Options that take no value. */
const FLAG_OPTIONS = new Set(['force']);
const VALUE_OPTIONS = new Set(['target', 'stack', 'format', 'out', 'plan', 'synth-dir', 'allow-extra', 'run', 'port', 'host', 'strategy', 'phase', 'state', 'max-age', 'now']);
/** Options that may be given more than once. */
const REPEATABLE = new Set(['allow-extra']);
const COMMANDS = new Set(['plan', 'list', 'verify', 'run-task', 'due', 'help']);
const STRATEGIES: readonly RotationStrategy[] = ['replace', 'two-slot', 'create-before-delete'];
/** The options each command honours; any other is refused rather than ignored. */
export const COMMAND_OPTIONS: Readonly<Record<HelpTopic, readonly string[]>> = {
  plan: ['target', 'stack', 'strategy', 'format', 'out', 'force', 'synth-dir'],
  list: ['stack', 'format', 'out', 'force', 'synth-dir'],
  verify: ['plan', 'run', 'target', 'stack', 'allow-extra', 'strategy', 'phase', 'synth-dir'],
  due: ['state', 'stack', 'max-age', 'now', 'format', 'synth-dir'],
  'run-task': ['port', 'host', 'synth-dir'],
};
/** An `--allow-extra` value: an address, a resource type or `output.<name>`. */
const ALLOW_EXTRA = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_.\-\[\]"]+)?$/;

function isHelpTopic(arg: string): arg is HelpTopic {
  return Object.hasOwn(COMMAND_OPTIONS, arg);
}

/** `rotate plan --help`, `rotate --help plan`: the first command named (not an option's value), if any. */
function helpTopicOf(argv: readonly string[]): HelpTopic | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      if (VALUE_OPTIONS.has(arg.slice(2)) && i + 1 < argv.length && !argv[i + 1].startsWith('--')) i++;
    } else if (isHelpTopic(arg)) {
      return arg;
    }
  }
  return undefined;
}

/** Parses argv (without node and script). Pure. */
export function parseArguments(argv: readonly string[]): Result<CliOptions> {
  const values: Record<string, string> = {};
  const allowExtra: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return ok({ command: 'help', topic: helpTopicOf(argv), allowExtra: [] });
    if (arg === '--version') return ok({ command: 'version', allowExtra: [] });
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
      if (FLAG_OPTIONS.has(name)) {
        if (inline !== undefined) return failed({ kind: 'usage', detail: `--${name} takes no value` });
        values[name] = 'true';
        continue;
      }
      if (!VALUE_OPTIONS.has(name)) return failed({ kind: 'usage', detail: `unknown option --${name}; ${USAGE.split('\n')[0]}` });
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) return failed({ kind: 'usage', detail: `--${name} needs a value` });
      if (REPEATABLE.has(name)) {
        if (!ALLOW_EXTRA.test(value)) return failed({ kind: 'usage', detail: `--${name} takes an address, a resource type or output.<name>, not "${value}"` });
        allowExtra.push(value);
      }
      if (name in values && !REPEATABLE.has(name) && values[name] !== value) return failed({ kind: 'usage', detail: `--${name} given twice` });
      values[name] = value;
    } else if (command === undefined && COMMANDS.has(arg)) {
      command = arg;
    } else if (command === 'help' && values.topic === undefined && isHelpTopic(arg)) {
      values.topic = arg;
    } else if (command === 'run-task' && values.subcommand === undefined && arg === 'serve') {
      values.subcommand = arg;
    } else {
      return failed({ kind: 'usage', detail: `unexpected argument "${arg}"; commands: plan, list, verify, due` });
    }
  }
  const format = values.format;
  if (format !== undefined && format !== 'markdown' && format !== 'json' && format !== 'terminal') {
    return failed({ kind: 'usage', detail: `--format must be markdown, json or terminal, not "${format}"` });
  }
  const resolved = (command ?? 'plan') as CliOptions['command'];
  if (resolved === 'help') return ok({ command: 'help', topic: values.topic as HelpTopic | undefined, allowExtra: [] });
  if (resolved !== 'version') {
    const honoured = COMMAND_OPTIONS[resolved];
    const ignored = Object.keys(values).find((name) => name !== 'subcommand' && !honoured.includes(name));
    if (ignored !== undefined) return failed({ kind: 'usage', detail: `rotate ${resolved} does not take --${ignored} (it takes ${honoured.map((name) => `--${name}`).join(', ')})` });
  }
  if (values.force !== undefined && values.out === undefined) return failed({ kind: 'usage', detail: '--force applies to --out <file> only: it lets --out replace an existing file' });
  if ((resolved === 'plan' || resolved === 'verify') && values.target === undefined) return failed({ kind: 'usage', detail: `rotate ${resolved} needs --target <name|address>` });
  if (resolved === 'verify' && values.plan === undefined && values.run === undefined) return failed({ kind: 'usage', detail: 'rotate verify needs --plan <terraform show -json output> or --run <run-id>' });
  if (resolved === 'verify' && values.plan !== undefined && values.run !== undefined) return failed({ kind: 'usage', detail: 'rotate verify takes --plan or --run, not both' });
  if (resolved === 'run-task' && values.subcommand !== 'serve') return failed({ kind: 'usage', detail: 'usage: rotate run-task serve --port <port> [--host <addr>]' });
  const strategy = values.strategy as RotationStrategy | undefined;
  if (strategy !== undefined && !STRATEGIES.includes(strategy)) return failed({ kind: 'usage', detail: `--strategy must be ${STRATEGIES.join(', ')}, not "${strategy}"` });
  if (values.phase !== undefined && !['1', '2', '3'].includes(values.phase)) return failed({ kind: 'usage', detail: `--phase must be 1, 2 or 3, not "${values.phase}"` });
  if (values.phase !== undefined && strategy !== 'two-slot') return failed({ kind: 'usage', detail: '--phase applies to rotate verify --strategy two-slot' });
  if (resolved === 'verify' && strategy !== undefined && strategy !== 'two-slot') return failed({ kind: 'usage', detail: `rotate verify takes --strategy two-slot only (the default plan is the ${strategy} one)` });
  if (resolved === 'verify' && strategy === 'two-slot' && values.phase === undefined) return failed({ kind: 'usage', detail: 'rotate verify --strategy two-slot needs --phase <1|2|3>' });
  if (resolved === 'verify' && strategy === 'two-slot' && allowExtra.length > 0) {
    return failed({ kind: 'usage', detail: '--allow-extra does not apply to a two-slot phase: its plan must be exactly the predicted one' });
  }
  if (resolved === 'due' && values.state === undefined) return failed({ kind: 'usage', detail: 'rotate due needs --state <terraform show -json state output, or - for stdin>' });
  const maxAge = values['max-age'] === undefined ? undefined : parseMaxAge(values['max-age']);
  if (values['max-age'] !== undefined && maxAge === undefined) return failed({ kind: 'usage', detail: `--max-age must be a number of days such as 90d, not "${values['max-age']}"` });
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (values.now !== undefined && (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(values.now) || Number.isNaN(now?.getTime()))) {
    return failed({ kind: 'usage', detail: `--now must be an RFC 3339 time such as 2026-01-31T00:00:00Z, not "${values.now}"` });
  }
  return ok({
    strategy,
    phase: values.phase === undefined ? undefined : (Number(values.phase) as 1 | 2 | 3),
    state: values.state,
    maxAge,
    now,
    command: resolved,
    target: values.target,
    stack: values.stack,
    format: format as Format | undefined,
    out: values.out,
    force: values.force !== undefined,
    plan: values.plan,
    synthDir: values['synth-dir'],
    dir: values.dir,
    allowExtra,
    run: values.run,
    port: values.port,
    host: values.host,
  });
}
