/**
 * `rotate due` on state files (`terraform show -json` output): every rotatable credential older than
 * its maximum age, with its age and the command that rotates it; exit 1 when any, 0 when none, 2 on
 * bad input, one line. No attribute value of a key is ever printed. Fixtures hold no key material:
 * ids are placeholders and every secret is the marker FAKE-SECRET-MARKER.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentialsDue, parseMaxAge, parseStateJson, renderDueText, stacksMatchingState } from '@raxx/rotation/due/due';
import { describeError } from '@raxx/rotation/render/errors';
import type { RepositoryGraph, StackGraph } from '@raxx/rotation/graph/graph';
import type { CliResult } from '../support/cli-harness';
import { rotate } from '../support/cli-harness';
import { temporaryDirectories } from '../support/temporary-directories';
import { realRepository } from '../support/two-slot-repo';

jest.setTimeout(120_000);

const SECRET = 'FAKE-SECRET-MARKER';
const NOW = '2026-06-01T00:00:00Z';

function resource(type: string, name: string, values: Record<string, unknown>) {
  return { address: `${type}.${name}`, mode: 'managed', type, name, provider_name: 'registry.terraform.io/hashicorp/aws', values, sensitive_values: {} };
}

function accessKey(name: string, user: string, createDate: string | undefined, status = 'Active') {
  return resource('aws_iam_access_key', name, { id: `fake-id-${name}`, user, status, secret: SECRET, ...(createDate ? { create_date: createDate } : {}) });
}

/** The state of tomoda-prod as `terraform show -json` prints it (only what `due` and the stack match read). */
function tomodaProdState(keys: readonly object[]) {
  return {
    format_version: '1.0',
    terraform_version: '1.11.4',
    values: {
      root_module: {
        resources: [
          resource('aws_iam_user', 'uploader', { name: 'tomoda-uploader-prod' }),
          resource('aws_iam_user', 'eso_reader', { name: 'tomoda-eso-reader-prod' }),
          resource('aws_s3_bucket', 'static_assets', { bucket: 'tomoda-assets-prod' }),
          ...keys,
        ],
      },
    },
  };
}

const STALE_UPLOADER = tomodaProdState([
  accessKey('uploader_key_a', 'tomoda-uploader-prod', '2026-01-01T00:00:00Z'),
  accessKey('eso_reader_key_a', 'tomoda-eso-reader-prod', '2026-05-01T00:00:00Z'),
]);

const temporary = temporaryDirectories();
let repository: { outdir: string; graph: RepositoryGraph };
let rotating: { outdir: string; graph: RepositoryGraph };

beforeAll(async () => {
  repository = await realRepository();
  rotating = await realRepository({ RAXX_PROD_UPLOADER_KEY_SLOTS: 'b+inactive' });
  temporary.adopt(repository.outdir);
  temporary.adopt(rotating.outdir);
});

function parsed(state: object) {
  const result = parseStateJson(JSON.stringify(state), 'state.json');
  if (!result.ok) throw new Error(describeError(result.error));
  return result.value;
}

describe('which credentials are due', () => {
  test('the uploader key of tomoda-prod, 151 days old, is overdue at 90 days; the reader key, 31 days old, is not', () => {
    const state = parsed(STALE_UPLOADER);
    expect(stacksMatchingState(repository.graph, state)).toEqual(['tomoda-prod']);
    const report = credentialsDue(state, repository.graph.stacks.get('tomoda-prod'), { now: new Date(NOW) });
    expect(report.credentials).toEqual([
      {
        credential: 'eso_reader_key',
        address: 'aws_iam_access_key.eso_reader_key_a',
        role: 'active',
        createdAt: '2026-05-01T00:00:00Z',
        ageDays: 31,
        maxAgeDays: 90,
        overdue: false,
        command: 'npx rotate plan --target eso_reader_key --stack tomoda-prod --strategy two-slot',
      },
      {
        credential: 'uploader_key',
        address: 'aws_iam_access_key.uploader_key_a',
        role: 'active',
        createdAt: '2026-01-01T00:00:00Z',
        ageDays: 151,
        maxAgeDays: 90,
        overdue: true,
        command: 'npx rotate plan --target uploader_key --stack tomoda-prod --strategy two-slot',
      },
    ]);
    expect(renderDueText(report)).toBe(
      'rotate due: 1 of 2 rotatable credential(s) in tomoda-prod are older than their maximum age (at 2026-06-01T00:00:00Z):\n' +
        '  uploader_key (aws_iam_access_key.uploader_key_a, active slot): 151 days old, max 90 -> npx rotate plan --target uploader_key --stack tomoda-prod --strategy two-slot\n',
    );
  });

  test('exactly at its maximum age a key is not yet due; one second later it is', () => {
    const state = parsed(tomodaProdState([accessKey('uploader_key_a', 'tomoda-uploader-prod', '2026-03-03T00:00:00Z')]));
    const stack = repository.graph.stacks.get('tomoda-prod');
    expect(credentialsDue(state, stack, { now: new Date('2026-06-01T00:00:00Z') }).credentials[0]).toMatchObject({ ageDays: 90, overdue: false });
    expect(credentialsDue(state, stack, { now: new Date('2026-06-01T00:00:01Z') }).credentials[0]).toMatchObject({ ageDays: 90, overdue: true });
  });

  test('--max-age overrides the configured maximum of every credential', () => {
    const report = credentialsDue(parsed(STALE_UPLOADER), repository.graph.stacks.get('tomoda-prod'), { now: new Date(NOW), maxAgeDays: 30 });
    expect(report.credentials.map((entry) => [entry.credential, entry.maxAgeDays, entry.overdue])).toEqual([
      ['eso_reader_key', 30, true],
      ['uploader_key', 30, true],
    ]);
  });

  test('mid-rotation, the old slot is reported with its state, so the rotation in progress gets finished', () => {
    const state = parsed(
      tomodaProdState([
        accessKey('uploader_key_a', 'tomoda-uploader-prod', '2026-01-01T00:00:00Z', 'Inactive'),
        accessKey('uploader_key_b', 'tomoda-uploader-prod', '2026-05-30T00:00:00Z'),
        accessKey('eso_reader_key_a', 'tomoda-eso-reader-prod', '2026-05-01T00:00:00Z'),
      ]),
    );
    expect(stacksMatchingState(rotating.graph, state)).toEqual(['tomoda-prod']);
    expect(stacksMatchingState(repository.graph, state)).toEqual([]);
    const report = credentialsDue(state, rotating.graph.stacks.get('tomoda-prod'), { now: new Date(NOW) });
    expect(renderDueText(report)).toBe(
      'rotate due: 1 of 3 rotatable credential(s) in tomoda-prod are older than their maximum age (at 2026-06-01T00:00:00Z):\n' +
        '  uploader_key (aws_iam_access_key.uploader_key_a, inactive slot: finish the rotation in progress): 151 days old, max 90 -> npx rotate plan --target uploader_key --stack tomoda-prod --strategy two-slot\n',
    );
  });

  test('an R2 token\'s age is its issued_on', () => {
    const state = parsed({
      format_version: '1.0',
      values: { root_module: { resources: [resource('cloudflare_account_token', 'r2_backup_token_dev_a', { id: 'fake-token-id', name: 'ghost-backup-r2-dev', status: 'active', issued_on: '2026-02-01T12:00:00Z', value: SECRET })] } },
    });
    const report = credentialsDue(state, repository.graph.stacks.get('r2-backups-dev'), { now: new Date(NOW) });
    expect(report.credentials).toEqual([
      expect.objectContaining({ credential: 'r2_backup_token_dev', ageDays: 119, maxAgeDays: 90, overdue: true, command: 'npx rotate plan --target r2_backup_token_dev --stack r2-backups-dev --strategy two-slot' }),
    ]);
  });

  test('strict: a key whose state records no creation date is reported as due', () => {
    const report = credentialsDue(parsed(tomodaProdState([accessKey('uploader_key_a', 'tomoda-uploader-prod', undefined)])), repository.graph.stacks.get('tomoda-prod'), { now: new Date(NOW) });
    expect(report.credentials[0]).toMatchObject({ overdue: true });
    expect(renderDueText(report)).toContain('uploader_key (aws_iam_access_key.uploader_key_a, active slot): no creation date in state, max 90');
  });

  test('without a stack, keys are named by their resource, with the default maximum of 90 days', () => {
    const state = parsed({ format_version: '1.0', values: { root_module: { resources: [accessKey('deploy', 'ci', '2026-01-01T00:00:00Z')], child_modules: [{ resources: [accessKey('inner', 'ci', '2026-05-30T00:00:00Z')] }] } } });
    expect(credentialsDue(state, undefined, { now: new Date(NOW) }).credentials.map((entry) => [entry.credential, entry.maxAgeDays, entry.overdue, entry.command])).toEqual([
      ['deploy', 90, true, 'npx rotate plan --target deploy'],
      ['inner', 90, false, 'npx rotate plan --target inner'],
    ]);
  });

  test('an empty state has nothing due', () => {
    expect(renderDueText(credentialsDue(parsed({ format_version: '1.0' }), undefined, { now: new Date(NOW) }))).toBe('rotate due: none of 0 rotatable credential(s) is older than its maximum age (at 2026-06-01T00:00:00Z)\n');
  });

  test.each([
    ['90d', 90],
    ['1d', 1],
    ['90', undefined],
    ['0d', undefined],
    ['3w', undefined],
  ] as const)('--max-age %s reads as %s', (text, days) => {
    expect(parseMaxAge(text)).toBe(days);
  });
});

describe('rotate due on the command line', () => {
  const due = (args: readonly string[], input?: string): Promise<CliResult> => rotate(['due', ...args, '--now', NOW], { stdin: input });
  const file = (content: string): string => {
    const path = join(temporary.make('rotate-due-'), 'state.json');
    writeFileSync(path, content);
    return path;
  };
  const outcomes = new Map<string, CliResult>();

  beforeAll(async () => {
    const synth = ['--synth-dir', repository.outdir];
    const cases: Array<[string, string[], string?]> = [
      ['overdue', ['--state', file(JSON.stringify(STALE_UPLOADER)), ...synth]],
      ['stdin', ['--state', '-', '--stack', 'tomoda-prod', ...synth], JSON.stringify(STALE_UPLOADER)],
      ['none', ['--state', file(JSON.stringify(STALE_UPLOADER)), '--max-age', '200d', ...synth]],
      ['json', ['--state', file(JSON.stringify(STALE_UPLOADER)), '--format', 'json', ...synth]],
      ['not json', ['--state', file('Terraform will perform'), ...synth]],
      ['plan', ['--state', file(JSON.stringify({ format_version: '1.2', resource_changes: [] })), ...synth]],
      ['raw state', ['--state', file(JSON.stringify({ version: 4, terraform_version: '1.11.4', serial: 3, lineage: 'fake-lineage', outputs: {}, resources: [] })), ...synth]],
      ['missing', ['--state', '/nonexistent/state.json', ...synth]],
      ['bad max age', ['--state', file(JSON.stringify(STALE_UPLOADER)), '--max-age', '90', ...synth]],
      ['unknown stack', ['--state', file(JSON.stringify(STALE_UPLOADER)), '--stack', 'nowhere', ...synth]],
      ['other stack', ['--state', file(JSON.stringify(STALE_UPLOADER)), '--stack', 'tomoda-dev', ...synth]],
      ['no state', [...synth]],
    ];
    await Promise.all(cases.map(async ([name, args, input]) => outcomes.set(name, await due(args, input))));
  });

  test('exit 1 and one line per overdue credential, the stack found from the state itself', () => {
    const outcome = outcomes.get('overdue') as CliResult;
    expect(outcome).toEqual({
      status: 1,
      stderr: '',
      stdout:
        'rotate due: 1 of 2 rotatable credential(s) in tomoda-prod are older than their maximum age (at 2026-06-01T00:00:00Z):\n' +
        '  uploader_key (aws_iam_access_key.uploader_key_a, active slot): 151 days old, max 90 -> npx rotate plan --target uploader_key --stack tomoda-prod --strategy two-slot\n',
    });
  });

  test('the state can come on stdin (`--state -`), so it never lands on disk', () => {
    expect(outcomes.get('stdin')).toEqual(outcomes.get('overdue'));
  });

  test('exit 0 when none is overdue', () => {
    expect(outcomes.get('none')).toEqual({ status: 0, stderr: '', stdout: 'rotate due: none of 2 rotatable credential(s) in tomoda-prod is older than its maximum age (at 2026-06-01T00:00:00Z)\n' });
  });

  test('--format json lists every credential with its age, for a scheduled job to read', () => {
    const outcome = outcomes.get('json') as CliResult;
    expect(outcome.status).toBe(1);
    const report = JSON.parse(outcome.stdout);
    expect(report.stack).toBe('tomoda-prod');
    expect(report.credentials.map((entry: { credential: string; ageDays: number; overdue: boolean }) => [entry.credential, entry.ageDays, entry.overdue])).toEqual([
      ['eso_reader_key', 31, false],
      ['uploader_key', 151, true],
    ]);
  });

  test('never prints an attribute value of a key', () => {
    for (const outcome of outcomes.values()) {
      expect(outcome.stdout + outcome.stderr).not.toContain(SECRET);
      expect(outcome.stdout + outcome.stderr).not.toContain('fake-id-');
    }
  });

  test.each([
    ['not json', /^rotate: \S+state\.json is not `terraform show -json` state output: not JSON \(.+\)\n$/],
    ['plan', /^rotate: \S+state\.json is not `terraform show -json` state output: it is plan output \(resource_changes\); pass `terraform show -json` without a plan file\n$/],
    ['raw state', /^rotate: \S+state\.json is not `terraform show -json` state output: it is a raw state file; pass `terraform show -json` output\n$/],
    ['missing', /^rotate: cannot read state \/nonexistent\/state\.json: ENOENT\n$/],
    ['bad max age', /^rotate: --max-age must be a number of days such as 90d, not "90"\n$/],
    ['unknown stack', /^rotate: unknown stack "nowhere"; stacks: freescout-backup, .*\n$/],
    ['other stack', /^rotate: \S+state\.json is not `terraform show -json` state output: not the state of stack "tomoda-dev" \(.+\)\n$/],
    ['no state', /^rotate: rotate due needs --state <terraform show -json state output, or - for stdin>\n$/],
  ])('bad input (%s) is one line and exit 2', (name, message) => {
    const outcome = outcomes.get(name) as CliResult;
    expect(outcome.status).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toMatch(message);
  });
});

/** The stack graphs are the real ones: the test would otherwise prove nothing about the repository. */
test('the real repository declares the maximum age of every slot', () => {
  const stack = repository.graph.stacks.get('tomoda-prod') as StackGraph;
  expect([...stack.nodes.values()].filter((node) => node.comment?.raxx_credential_slot).map((node) => [node.address, (node.comment?.raxx_credential_slot as { maxAgeDays: number }).maxAgeDays])).toEqual([
    ['aws_iam_access_key.eso_reader_key_a', 90],
    ['aws_iam_access_key.uploader_key_a', 90],
  ]);
});
