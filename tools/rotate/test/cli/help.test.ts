/**
 * `rotate <command> --help` prints that command's usage, options and exit codes (exit 0); `rotate
 * --version` the tool, cdktf and the provider versions the installed bindings pin. The help table
 * covers every option the parser honours, so a new command or option cannot go undocumented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_OPTIONS, parseArguments } from '../../src/cli/arguments';
import type { HelpTopic } from '../../src/cli/arguments';
import { COMMAND_HELP, optionHelpOf } from '../../src/cli/help';
import { installedToolVersions, versionLine } from '../../src/io/tool-versions';
import { rotate } from '../support/cli-harness';
import { WORKSPACE_ROOT } from '../support/fixture-repo';

const TOPICS = Object.keys(COMMAND_OPTIONS) as HelpTopic[];

function installedProviderVersion(binding: string): string {
  return JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'node_modules', binding, 'package.json'), 'utf8')).cdktf.provider.version;
}

describe('rotate <command> --help', () => {
  test('there is help for plan, list, verify, due and run-task', () => {
    expect(TOPICS.sort()).toEqual(['due', 'list', 'plan', 'run-task', 'verify']);
  });

  test.each(TOPICS)('rotate %s --help prints its usage and every option it takes, exit 0', async (topic) => {
    const result = await rotate([topic, '--help']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`rotate ${topic}: ${COMMAND_HELP[topic].summary}`);
    expect(lines.slice(1, 3)).toEqual(['', 'usage:']);
    expect(lines).toContain(`  ${COMMAND_HELP[topic].usage[0]}`);
    for (const option of COMMAND_OPTIONS[topic]) expect(lines.some((line) => line.startsWith(`  --${option} `) || line === `  --${option}`)).toBe(true);
    expect(lines.some((line) => /^ {2}-h, --help +this help$/.test(line))).toBe(true);
    expect(lines).toContain(`exit codes: ${COMMAND_HELP[topic].exitCodes}`);
  });

  test('rotate plan --help in full', async () => {
    expect((await rotate(['plan', '--help'])).stdout).toBe(
      [
        'rotate plan: Prints the runbook that rotates a key, derived from the synthesized configuration, with the plan Terraform must show.',
        '',
        'usage:',
        '  rotate plan --target <name|address> [--stack <name>] [--strategy replace|two-slot|create-before-delete] [--format markdown|json|terminal] [--out <file> [--force]]',
        '',
        'options:',
        '  --target <name|address>                           the key: a target name (see rotate list) or a resource address',
        '  --stack <name>                                    only this stack (default: every stack that holds the target)',
        '  --strategy replace|two-slot|create-before-delete  the rotation (default: replace for a key in state, create-before-delete for one outside it)',
        '  --format markdown|json|terminal                   the output (default: terminal on a terminal, markdown otherwise)',
        '  --out <file>                                      write the output to this new file (atomically) instead of stdout',
        '  --force                                           with --out, replace an existing regular file; it keeps its mode',
        '  --synth-dir <dir>                                 read this synthesized output as it is (never synthesize)',
        '  -h, --help                                        this help',
        '',
        'exit codes: 0 printed (or written), 2 bad input',
        'Two-slot declarations: RAXX_<ENV>_<CREDENTIAL>_SLOTS (tools/rotate/README.md, "Two-slot credentials").',
        '',
      ].join('\n'),
    );
  });

  test('a command\'s own wording replaces the shared one: list --format is markdown|json, due --stack is found from the state', async () => {
    expect((await rotate(['list', '--help'])).stdout).toContain('  --format markdown|json  the output (default: markdown)\n');
    expect((await rotate(['due', '--help'])).stdout).toContain('  --stack <name>     the stack of the state (default: found from its addresses)\n');
  });

  test('rotate help verify, rotate --help verify and rotate verify --plan plan -h are the help of verify, not of plan', async () => {
    const verify = (await rotate(['verify', '--help'])).stdout;
    expect(verify.startsWith('rotate verify: ')).toBe(true);
    expect((await rotate(['help', 'verify'])).stdout).toBe(verify);
    expect((await rotate(['--help', 'verify'])).stdout).toBe(verify);
    expect((await rotate(['verify', '--plan', 'plan', '-h'])).stdout).toBe(verify);
    expect((await rotate(['--plan', 'plan', 'verify', '--help'])).stdout).toBe(verify);
  });

  test('--help wins over missing or bad options: rotate plan --help needs no --target', async () => {
    expect(parseArguments(['plan', '--help'])).toEqual({ ok: true, value: { command: 'help', topic: 'plan', allowExtra: [] } });
    expect((await rotate(['plan', '--format', 'yaml', '--help'])).status).toBe(0);
  });

  test('rotate --help is the usage of every command and points at the per-command help and --version', async () => {
    const result = await rotate(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('usage: rotate plan --target <name|address>')).toBe(true);
    expect(result.stdout.endsWith('rotate <command> --help: what the command does, its options and exit codes. rotate --version: the tool, cdktf and provider versions.\n')).toBe(true);
  });

  test('every option a command takes is described, and every usage line names only options it takes', () => {
    for (const topic of TOPICS) {
      for (const option of COMMAND_OPTIONS[topic]) expect({ topic, option, described: (optionHelpOf(topic, option)?.description.length ?? 0) > 10 }).toEqual({ topic, option, described: true });
      for (const line of COMMAND_HELP[topic].usage) {
        expect(line).toContain(`rotate ${topic}`);
        for (const [, option] of line.matchAll(/--([a-z-]+)/g)) expect({ topic, option, taken: COMMAND_OPTIONS[topic].includes(option) }).toEqual({ topic, option, taken: true });
      }
      for (const option of Object.keys(COMMAND_HELP[topic].options ?? {})) expect({ topic, option, taken: COMMAND_OPTIONS[topic].includes(option) }).toEqual({ topic, option, taken: true });
    }
  });
});

describe('rotate --version', () => {
  test('prints the tool version, cdktf and the provider version each installed binding pins, exit 0', async () => {
    const result = await rotate(['--version']);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    const cdktf = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'node_modules', 'cdktf', 'package.json'), 'utf8')).version;
    const tool = JSON.parse(readFileSync(join(WORKSPACE_ROOT, 'tools', 'rotate', 'package.json'), 'utf8')).version;
    const providers = ['aws', 'cloudflare', 'github', 'kubernetes', 'tfe'].map((name) => `${name} ${installedProviderVersion(`@cdktf/provider-${name}`)}`);
    expect(result.stdout).toBe(`rotate ${tool} (cdktf ${cdktf}; ${providers.join(', ')})\n`);
  });

  test('at the pins of this repository: rotate 0.0.0 (cdktf 0.21.0; aws 6.25.0, cloudflare 5.14.0, github 6.9.0, kubernetes 2.38.0, tfe 0.71.0)', () => {
    expect(versionLine(installedToolVersions())).toBe('rotate 0.0.0 (cdktf 0.21.0; aws 6.25.0, cloudflare 5.14.0, github 6.9.0, kubernetes 2.38.0, tfe 0.71.0)');
  });

  test('a binding that is not installed says so rather than inventing a version', () => {
    expect(versionLine({ rotate: '0.0.0', cdktf: undefined, bindings: [{ binding: '@cdktf/provider-aws', provider: 'aws', version: undefined }] })).toBe('rotate 0.0.0 (cdktf not installed; aws not installed)');
  });
});
