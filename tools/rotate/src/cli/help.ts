/**
 * `rotate <command> --help` and `rotate --help` (pure): one entry per command in `COMMAND_HELP`. The
 * options a command's help lists are the ones the parser honours for it (`COMMAND_OPTIONS` of
 * arguments.ts), in that order, described by `OPTION_HELP` unless the entry words one itself; so help
 * never shows an option the parser refuses, and a command without an entry does not compile.
 *
 * Adding a command: its options in `COMMAND_OPTIONS`, then one `COMMAND_HELP` entry (summary, usage
 * lines, exit codes; `options` only where a shared description does not fit). The test
 * `test/cli/help.test.ts` fails on an honoured option nobody describes, or a usage line naming an
 * option the command does not take.
 */
import type { HelpTopic } from './arguments';
import { COMMAND_OPTIONS, USAGE } from './arguments';

/** How help shows one option: its value placeholder (none for a flag) and one line on what it does. */
export interface OptionHelp {
  /** @default - a flag, no value */
  readonly value?: string;
  readonly description: string;
}

/** The help of one command. */
export interface CommandHelp {
  /** One sentence: what the command does. */
  readonly summary: string;
  /** Its usage lines, each a whole command line (`rotate <command> ...`, or a pipe into it). */
  readonly usage: readonly string[];
  /** What its exit codes mean. */
  readonly exitCodes: string;
  /** Lines after the options: environment variables, where the details are. @default - none */
  readonly notes?: readonly string[];
  /** Options described differently for this command than in `OPTION_HELP`. @default - the shared ones */
  readonly options?: Readonly<Record<string, OptionHelp>>;
}

/** Every option of the parser, described once; a command's entry may word one for itself. */
export const OPTION_HELP: Readonly<Record<string, OptionHelp>> = {
  target: { value: '<name|address>', description: 'the key: a target name (see rotate list) or a resource address' },
  stack: { value: '<name>', description: 'only this stack (default: every stack that holds the target)' },
  strategy: { value: 'replace|two-slot|create-before-delete', description: 'the rotation (default: replace for a key in state, create-before-delete for one outside it)' },
  format: { value: 'markdown|json|terminal', description: 'the output (default: terminal on a terminal, markdown otherwise)' },
  out: { value: '<file>', description: 'write the output to this new file (atomically) instead of stdout' },
  force: { description: 'with --out, replace an existing regular file; it keeps its mode' },
  'synth-dir': { value: '<dir>', description: 'read this synthesized output as it is (never synthesize)' },
  plan: { value: '<file|->', description: 'the plan as `terraform show -json <planfile>` prints it; - reads stdin' },
  run: { value: '<run-id>', description: 'the plan of this Terraform Cloud run (TFE_TOKEN, TFE_ADDRESS)' },
  'allow-extra': { value: '<address|type|output.name>', description: 'a change besides the predicted ones the plan may hold (repeatable)' },
  phase: { value: '1|2|3', description: 'with --strategy two-slot: the phase of the rotation the plan applies' },
  state: { value: '<file|->', description: 'the state as `terraform show -json` prints it; - reads stdin (keeps it off disk)' },
  'max-age': { value: '<N>d', description: 'the maximum age of every credential (default: each one\'s maxAgeDays, 90)' },
  now: { value: '<RFC 3339>', description: 'the instant ages are measured at (default: now)' },
  port: { value: '<port>', description: 'the port to listen on' },
  host: { value: '<addr>', description: 'the address to listen on (default: 127.0.0.1)' },
};

/** The help of every command; the key set is the parser's commands, so a new command needs an entry. */
export const COMMAND_HELP: Readonly<Record<HelpTopic, CommandHelp>> = {
  plan: {
    summary: 'Prints the runbook that rotates a key, derived from the synthesized configuration, with the plan Terraform must show.',
    usage: [
      'rotate plan --target <name|address> [--stack <name>] [--strategy replace|two-slot|create-before-delete] [--format markdown|json|terminal] [--out <file> [--force]]',
    ],
    exitCodes: '0 printed (or written), 2 bad input',
    notes: ['Two-slot declarations: RAXX_<ENV>_<CREDENTIAL>_SLOTS (tools/rotate/README.md, "Two-slot credentials").'],
  },
  list: {
    summary: 'Lists every rotatable key per stack and how it is rotated.',
    usage: ['rotate list [--stack <name>] [--format markdown|json] [--out <file> [--force]]'],
    exitCodes: '0 listed (or written), 2 bad input',
    options: {
      stack: { value: '<name>', description: 'only this stack (default: every stack)' },
      format: { value: 'markdown|json', description: 'the output (default: markdown)' },
    },
  },
  verify: {
    summary: 'Checks a real Terraform plan against the predicted one for a rotation of the key.',
    usage: [
      'terraform show -json <planfile> | rotate verify --plan - --target <name|address> [--stack <name>] [--allow-extra <address|type>]...',
      'rotate verify --run <run-id> --target <name|address> [--stack <name>] [--allow-extra <address|type>]...',
      'terraform show -json <planfile> | rotate verify --plan - --target <name> --stack <name> --strategy two-slot --phase <1|2|3>',
    ],
    exitCodes: '0 the plan is the predicted one, 1 it is not (each difference named), 2 bad input',
    notes: ['--run reads the run\'s plan from Terraform Cloud: TFE_TOKEN, TFE_ADDRESS (default app.terraform.io).'],
    options: {
      strategy: { value: 'two-slot', description: 'check one phase of a two-slot rotation (with --phase); the default is the replace plan' },
    },
  },
  due: {
    summary: 'Lists the credentials of a state older than their maximum age, with the command that rotates each.',
    usage: ['terraform show -json | rotate due --state - [--stack <name>] [--max-age <N>d] [--now <RFC 3339>] [--format json]'],
    exitCodes: '0 none due, 1 some due, 2 bad input',
    options: {
      stack: { value: '<name>', description: 'the stack of the state (default: found from its addresses)' },
      format: { value: 'json', description: 'JSON instead of text' },
    },
  },
  'run-task': {
    summary: 'Serves the Terraform Cloud run task that checks -replace rotations and the IAM rules of each plan.',
    usage: ['rotate run-task serve --port <port> [--host <addr>]'],
    exitCodes: '0 stopped, 2 bad input or the server could not start',
    notes: ['Environment: RAXX_RUN_TASK_HMAC_KEY (the run task\'s HMAC key), TFE_ADDRESS (apps/run-task/README.md).'],
  },
};

/** `--flag <value>` as usage and option lists show it. */
function optionLabel(name: string, option: OptionHelp): string {
  return option.value === undefined ? `--${name}` : `--${name} ${option.value}`;
}

/** How `topic`'s help describes `name`: its own wording, else the shared one (undefined: nobody does). */
export function optionHelpOf(topic: HelpTopic, name: string): OptionHelp | undefined {
  return COMMAND_HELP[topic].options?.[name] ?? OPTION_HELP[name];
}

/** The help of one command: summary, usage, its options (the parser's, in its order), exit codes, notes. */
export function commandHelp(topic: HelpTopic): string {
  const help = COMMAND_HELP[topic];
  const rows: [string, string][] = COMMAND_OPTIONS[topic].map((name) => {
    const option = optionHelpOf(topic, name) ?? { description: '' };
    return [optionLabel(name, option), option.description];
  });
  rows.push(['-h, --help', 'this help']);
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    `rotate ${topic}: ${help.summary}`,
    '',
    'usage:',
    ...help.usage.map((line) => `  ${line}`),
    '',
    'options:',
    ...rows.map(([label, description]) => `  ${label.padEnd(width)}  ${description}`),
    '',
    `exit codes: ${help.exitCodes}`,
    ...(help.notes ?? []),
  ].join('\n');
}

/** `rotate --help`: every command's usage, then where the rest is. */
export function generalHelp(): string {
  return [USAGE, '', 'rotate <command> --help: what the command does, its options and exit codes. rotate --version: the tool, cdktf and provider versions.'].join('\n');
}
