/**
 * No runbook leaves a plan on disk: for every target of the real synthesized repo (both strategies) and
 * every format, no generated command redirects `terraform show -json` into a file, and every file a
 * command writes (a saved plan, a redirect, a tee) is removed by a later command.
 */
import type { RepositoryGraph } from '@raxx/rotation/graph/graph';
import { renderPlansJson } from '@raxx/rotation/render/json';
import { renderPlansMarkdown } from '@raxx/rotation/render/markdown';
import { renderPlansTerminal } from '@raxx/rotation/render/terminal';
import type { RotationPlan } from '@raxx/rotation/runbook';
import { planRotationOf } from '@raxx/rotation/runbook';
import { allRotationTargets } from '@raxx/rotation/graph/targets';
import { graphOf, synthesizeRealRepo } from '../support/real-repo';
import { installedReplacementTable } from '@raxx/rotate';

/** The commands of a markdown runbook, in order: the lines of its ```sh blocks, without their `  # description`. */
function markdownCommands(markdown: string): string[] {
  const commands: string[] = [];
  let inShell = false;
  for (const line of markdown.split('\n')) {
    if (line === '```sh') inShell = true;
    else if (line === '```') inShell = false;
    else if (inShell) commands.push(line.slice(0, line.lastIndexOf('  # ') >= 0 ? line.lastIndexOf('  # ') : undefined).trimEnd());
  }
  return commands;
}

/** The commands of a JSON runbook, in document order. */
function jsonCommands(json: string): string[] {
  const commands: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        if (key === 'command' && typeof child === 'string') commands.push(child);
        else walk(child);
      }
    }
  };
  walk(JSON.parse(json));
  return commands;
}

const ANSI = new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g');

/** A path as written in a command, without quotes and with `${VAR:?}` as `$VAR`. */
function normalized(path: string): string {
  return path.replace(/^["']|["']$/g, '').replace(/\$\{(\w+)(:\?)?\}/g, '$$$1');
}

/**
 * What a sequence of commands leaves on disk that may hold a plan: `show -json` output sent anywhere but
 * a pipe into `rotate verify --plan -`, and files written (`-out=`, `>`, `>>`, `tee`) that no later
 * `rm` removes (the file itself, or a directory holding it).
 */
function planFilesLeft(commands: readonly string[]): string[] {
  const problems: string[] = [];
  commands.forEach((command, index) => {
    const unquoted = command.replace(/'[^']*'/g, "''");
    if (/\bshow\s+-json\b/.test(command) && !/\bshow\s+-json\s+\S+\s*\|\s*npx rotate verify --plan - /.test(unquoted)) {
      problems.push(`show -json not piped into rotate verify --plan -: ${command}`);
    }
    const written = [
      ...[...unquoted.matchAll(/\s-out=(\S+)/g)].map((match) => match[1]),
      ...[...unquoted.matchAll(/(?<![0-9&])>>?\s*([^\s|;&]+)/g)].map((match) => match[1]).filter((target) => target !== '/dev/null' && !target.startsWith('&')),
      ...[...unquoted.matchAll(/\btee\s+(?:-a\s+)?([^\s|;&]+)/g)].map((match) => match[1]),
    ].map(normalized);
    for (const file of written) {
      const removed = commands.slice(index + 1).some((later) => {
        if (!/(^|[;&|]\s*)rm\s/.test(later)) return false;
        return later.split(/\s+/).map(normalized).some((path) => path === file || file.startsWith(`${path}/`));
      });
      if (!removed) problems.push(`${file} is written and never removed: ${command}`);
    }
  });
  return problems;
}

describe('the checker itself', () => {
  test('flags the runbook commands this tool generated before: show -json into a file, plan and JSON left behind', () => {
    const before = [
      'terraform -chdir=cdktf.out/stacks/tomoda-prod plan -replace=aws_iam_access_key.uploader_key -out=rotate-uploader_key-tomoda-prod.tfplan',
      'terraform -chdir=cdktf.out/stacks/tomoda-prod show -json rotate-uploader_key-tomoda-prod.tfplan > cdktf.out/stacks/tomoda-prod/rotate-uploader_key-tomoda-prod.json',
      'npx rotate verify --plan cdktf.out/stacks/tomoda-prod/rotate-uploader_key-tomoda-prod.json --target uploader_key --stack tomoda-prod',
      'terraform -chdir=cdktf.out/stacks/tomoda-prod apply rotate-uploader_key-tomoda-prod.tfplan',
    ];
    expect(planFilesLeft(before)).toEqual([
      'rotate-uploader_key-tomoda-prod.tfplan is written and never removed: ' + before[0],
      'show -json not piped into rotate verify --plan -: ' + before[1],
      'cdktf.out/stacks/tomoda-prod/rotate-uploader_key-tomoda-prod.json is written and never removed: ' + before[1],
    ]);
  });

  test('flags a tee and a removal that comes too early', () => {
    expect(planFilesLeft(['rm -f "$D/p"', 'terraform plan -out="$D/p"', 'terraform show -json "$D/p" | tee copy.json | npx rotate verify --plan - --target k'])).toEqual([
      '$D/p is written and never removed: terraform plan -out="$D/p"',
      'show -json not piped into rotate verify --plan -: terraform show -json "$D/p" | tee copy.json | npx rotate verify --plan - --target k',
      'copy.json is written and never removed: terraform show -json "$D/p" | tee copy.json | npx rotate verify --plan - --target k',
    ]);
  });
});

describe('every runbook of the real repo leaves no plan on disk', () => {
  const OUTDIR = synthesizeRealRepo();
  let graph: RepositoryGraph;
  let plans: Array<[string, RotationPlan]>;
  beforeAll(async () => {
    graph = await graphOf(OUTDIR);
    plans = allRotationTargets(graph).map((target) => [`${target.stack} ${target.name}`, planRotationOf(graph, target)]);
  });

  test('both strategies are covered', () => {
    expect(new Set(plans.map(([, plan]) => plan.kind))).toEqual(new Set(['replace', 'create-before-delete']));
    expect(plans).toHaveLength(10);
  });

  test.each([
    ['markdown', (plan: RotationPlan) => markdownCommands(renderPlansMarkdown([plan], installedReplacementTable()))],
    ['terminal', (plan: RotationPlan) => markdownCommands(renderPlansTerminal([plan], installedReplacementTable()).replace(ANSI, ''))],
    ['json', (plan: RotationPlan) => jsonCommands(renderPlansJson([plan]))],
  ])('%s: no show -json into a file, every written file removed later', (_format, commandsOf) => {
    const problems = plans.flatMap(([name, plan]) => planFilesLeft(commandsOf(plan)).map((problem) => `${name}: ${problem}`));
    expect(problems).toEqual([]);
  });

  test('saved plans go only into a private directory made by mktemp -d (mode 0700), and the runbook says why', () => {
    for (const [, plan] of plans) {
      if (plan.kind !== 'replace') continue;
      const commands = markdownCommands(renderPlansMarkdown([plan], installedReplacementTable()));
      const saved = commands.flatMap((command) => [...command.matchAll(/-out=(\S+)/g)].map((match) => match[1]));
      expect(saved.length).toBeGreaterThan(0);
      for (const file of saved) expect(file).toMatch(/^"\$PLAN_DIR\/[^/"]+\.tfplan"$/);
      expect(commands.findIndex((command) => command === 'PLAN_DIR=$(mktemp -d) && chmod 700 "${PLAN_DIR:?}"')).toBeLessThan(commands.findIndex((command) => command.includes('-out=')));
      expect(renderPlansMarkdown([plan], installedReplacementTable())).toContain('A saved plan holds every secret of the stack in plain text');
    }
  });
});
