/**
 * `rotate verify --run <run-id>` against the local Terraform Cloud stand-in: the plan JSON of a real
 * shadow run, fetched with TFE_TOKEN through the 307, verified as with --plan; every failure one line.
 */
import { buildRepositoryGraph } from '@raxx/rotation/graph/graph';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import { parseStackFiles, readStackFiles } from '../../src/io/synth-output';
import type { CliResult } from '../support/cli-harness';
import { rotate } from '../support/cli-harness';
import { WORKSPACE_ROOT } from '../support/fixture-repo';
import { appliedShadowOf, asServedPlan, planShadow, synthesizeRealRepo } from '../support/real-plans';
import { TerraformCloudStandIn } from '../support/tfc-stand-in';
import { installedReplacementTable } from '@raxx/rotate';

jest.setTimeout(120_000);

const TOKEN = 'user-token-of-the-stand-in';
// real-plans removes its folders (the synthesis copy, the shadows) after this file.
const OUTDIR = synthesizeRealRepo();
const tfc = new TerraformCloudStandIn(new Set([TOKEN]));

/** `rotate verify <args>` of uploader_key in tomoda-prod, against the stand-in with TFE_TOKEN set unless `env` overrides it. */
function verify(env: Readonly<Record<string, string | undefined>>, ...args: string[]): Promise<CliResult> {
  return rotate(['verify', ...args, '--target', 'uploader_key', '--stack', 'tomoda-prod', '--synth-dir', OUTDIR], { env: { TFE_ADDRESS: tfc.address, TFE_TOKEN: TOKEN, ...env } });
}

beforeAll(async () => {
  await tfc.start();
  const files = readStackFiles(WORKSPACE_ROOT, OUTDIR);
  if (!files.ok) throw new Error(files.error.kind);
  const graph = buildRepositoryGraph(await parseStackFiles(files.value), installedReplacementTable());
  const applied = await appliedShadowOf(graph.stacks.get('tomoda-prod') as StackGraph);
  const [rotation, none] = await Promise.all([
    planShadow(applied, { name: 'rotate', replace: ['aws_iam_access_key.uploader_key_a'] }),
    planShadow(applied, { name: 'none' }),
  ]);
  tfc.serve('/api/v2/runs/run-Rotation1/plan/json-output', { kind: 'plan', json: JSON.stringify(asServedPlan(rotation, OUTDIR, 'tomoda-prod')) });
  tfc.serve('/api/v2/runs/run-NoReplace1/plan/json-output', { kind: 'plan', json: JSON.stringify(asServedPlan(none, OUTDIR, 'tomoda-prod')) });
  tfc.serve('/api/v2/runs/run-Forbidden1/plan/json-output', { kind: 'status', status: 403 });
  tfc.serve('/api/v2/runs/run-Planning1/plan/json-output', { kind: 'status', status: 204 });
});

afterAll(() => tfc.stop());

describe('rotate verify --run', () => {
  test('verifies the run of the rotation as with --plan, fetching through the 307 without sending the token to the download host', async () => {
    const result = await verify({}, '--run', 'run-Rotation1');
    expect(result).toEqual({
      stdout: 'verified: the plan for tomoda-prod matches the rotation of uploader_key (plan: 2 to add, 1 to change, 2 to destroy; predicted: 2 to add, 1 to change, 2 to destroy; 3 predicted change(s) present)\n',
      stderr: '',
      status: 0,
    });
    expect(tfc.apiRequests.filter((request) => request.path === '/api/v2/runs/run-Rotation1/plan/json-output').map((request) => request.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
    expect(tfc.downloadRequests.map((request) => request.headers.authorization)).toEqual([undefined]);
  });

  test('a run that does not rotate the key fails naming the key (exit 1)', async () => {
    const result = await verify({}, '--run', 'run-NoReplace1');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('  aws_iam_access_key.uploader_key_a: unchanged, predicted replace\n');
  });

  const address = () => `of run %s (${tfc.address})`;
  test.each([
    ['a token the API refuses (401)', { TFE_TOKEN: 'wrong-token' }, 'run-Rotation1', 'HTTP 401: TFE_TOKEN may not read it; use a user or team API token with admin access to the workspace (organization tokens cannot read unredacted plan JSON)'],
    ['a token without admin on the workspace (403)', {}, 'run-Forbidden1', 'HTTP 403: TFE_TOKEN may not read it; use a user or team API token with admin access to the workspace (organization tokens cannot read unredacted plan JSON)'],
    ['an unknown run (404)', {}, 'run-Unknown1', 'HTTP 404: no such run, or TFE_TOKEN cannot see it; use a user or team API token with admin access to the workspace (organization tokens cannot read unredacted plan JSON)'],
    ['a plan still running (204)', {}, 'run-Planning1', 'HTTP 204: the plan has not finished; wait until the run shows its plan, then try again'],
  ])('%s: one line, exit 2', async (_name, env, run, detail) => {
    const result = await verify(env, '--run', run);
    expect(result).toEqual({ stdout: '', stderr: `rotate: cannot read plan ${address().replace('%s', run)}: ${detail}\n`, status: 2 });
  });

  test('without TFE_TOKEN: one line naming the token kind needed', async () => {
    const result = await verify({ TFE_TOKEN: '' }, '--run', 'run-Rotation1');
    expect(result).toEqual({ stdout: '', stderr: 'rotate: rotate verify --run needs TFE_TOKEN: a user or team API token with admin access to the workspace (organization tokens cannot read unredacted plan JSON)\n', status: 2 });
  });

  test('--run and --plan together is a usage error', async () => {
    const both = await rotate(['verify', '--run', 'run-A1', '--plan', 'x.json', '--target', 'uploader_key']);
    expect(both.stderr).toBe('rotate: rotate verify takes --plan or --run, not both\n');
    expect(both.status).toBe(2);
  });

  test('a malformed run id is refused before any request', async () => {
    const before = tfc.apiRequests.length;
    const result = await verify({}, '--run', '../../organizations');
    expect(result).toEqual({ stdout: '', stderr: 'rotate: --run takes a run id such as run-AbC123, not "../../organizations"\n', status: 2 });
    expect(tfc.apiRequests.length).toBe(before);
  });
});
