/**
 * The two-slot strategy on the real repository: every phase's expected plan comes from the graphs of
 * two consecutive slot declarations, and the runbook's order is the contract of issue 9: the first
 * plan destroys nothing, the old credential is proven unused (get-access-key-last-used, or what
 * Cloudflare exposes), every consumer has rolled out before the old credential is switched off, and
 * it is switched off before any plan destroys.
 */
import { formatSlotState, parseSlotState } from '@raxx/config';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { AppSynthesizer } from '../../../src/io/phase-synthesis';
import type { TwoSlotPlan } from '@raxx/rotation/runbook';
import { phaseTransition, rotationStates } from '@raxx/rotation/runbook';
import { renderPlanMarkdown } from '@raxx/rotation/render/markdown';
import type { TwoSlotContext } from '../../../src/io/two-slot-run';
import { phaseExpectation, twoSlotRunbooks } from '../../../src/io/two-slot-run';
import { describeError } from '@raxx/rotation/render/errors';
import { inProcessSynthesizer, realTwoSlotContext } from '../../support/two-slot-repo';
import { installedReplacementTable } from '@raxx/rotate';

jest.setTimeout(120_000);

let context: TwoSlotContext;
/** The synthesized output the context was read from (removed after the tests). */
let contextOutdir: string | undefined;
const runbooks = new Map<string, TwoSlotPlan>();

/** The in-process synthesizer of the app (the same synthesizeRepo). */
const synthesize: AppSynthesizer = inProcessSynthesizer;

const TARGETS = [
  ['uploader_key', 'tomoda-prod'],
  ['eso_reader_key', 'tomoda-prod'],
  ['r2_backup_token_dev', 'r2-backups-dev'],
  ['r2_backup_token_staging', 'r2-backups-staging'],
  ['r2_backup_token_prod', 'r2-backups-prod'],
] as const;

beforeAll(async () => {
  const real = await realTwoSlotContext();
  contextOutdir = real.outdir;
  context = { ...real, synthesize };
  for (const [target, stack] of TARGETS) {
    const result = await twoSlotRunbooks(context, target, stack);
    if (!result.ok) throw new Error(describeError(result.error));
    runbooks.set(`${target} ${stack}`, result.value[0]);
  }
});

afterAll(() => {
  if (contextOutdir) rmSync(contextOutdir, { recursive: true, force: true });
});

function runbook(target: string, stack: string): TwoSlotPlan {
  return runbooks.get(`${target} ${stack}`) as TwoSlotPlan;
}

function planLines(markdown: string): Array<{ index: number; line: string; destroy: number }> {
  return [...markdown.matchAll(/^Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\.$/gm)].map((match) => ({ index: match.index as number, line: match[0], destroy: Number(match[3]) }));
}

describe('the order is a contract, for every credential the issue names', () => {
  test.each(TARGETS)('%s in %s: the first Plan line destroys nothing', (target, stack) => {
    const lines = planLines(renderPlanMarkdown(runbook(target, stack), installedReplacementTable()));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines[0].line).toMatch(/, 0 to destroy\.$/);
  });

  test.each(TARGETS)('%s in %s: the step that switches the old slot off comes after every consumer step and before any plan that destroys', (target, stack) => {
    const markdown = renderPlanMarkdown(runbook(target, stack), installedReplacementTable());
    const deactivate = markdown.indexOf('Phase 2: deactivate slot `a` in place');
    expect(deactivate).toBeGreaterThan(0);
    const consumers = target.startsWith('r2_') ? markdown.indexOf('Give Aembit the new credential') : markdown.indexOf('kubectl rollout status');
    expect(consumers).toBeGreaterThan(0);
    expect(consumers).toBeLessThan(deactivate);
    const firstDestroy = planLines(markdown).find((line) => line.destroy > 0);
    expect(firstDestroy).toBeDefined();
    expect(deactivate).toBeLessThan((firstDestroy as { index: number }).index);
  });

  test.each(TARGETS)('%s in %s: the old credential is proven unused before it is switched off', (target, stack) => {
    const markdown = renderPlanMarkdown(runbook(target, stack), installedReplacementTable());
    const lastUsed = target.startsWith('r2_') ? markdown.indexOf('jq -r .result.last_used_on') : markdown.indexOf('aws iam get-access-key-last-used --access-key-id "$OLD_KEY_ID"');
    expect(lastUsed).toBeGreaterThan(0);
    expect(lastUsed).toBeLessThan(markdown.indexOf('Phase 2: deactivate'));
  });

  test.each(TARGETS)('%s in %s: no phase before the deletion destroys anything, and the plan has no warning', (target, stack) => {
    const plan = runbook(target, stack);
    const phases = plan.steps.filter((step) => step.kind === 'phase');
    expect(phases.map((phase) => phase.kind === 'phase' && phase.id)).toEqual(['create-and-switch', 'deactivate-old', 'retire-old']);
    for (const phase of phases.slice(0, 2)) for (const prediction of phase.kind === 'phase' ? phase.expected : []) expect(prediction.summary.destroy).toBe(0);
    expect(plan.warnings).toEqual([]);
  });
});

describe('each phase has its own expected plan, from the graph', () => {
  const summaries = (plan: TwoSlotPlan) =>
    plan.steps.flatMap((step) => (step.kind === 'phase' ? [step.expected.map((prediction) => `${prediction.stack}: ${prediction.summary.add}/${prediction.summary.change}/${prediction.summary.destroy}`)] : []));

  test('uploader_key: create the key and its secret version and re-pin the ExternalSecret; switch the old key off; delete key and version', () => {
    const plan = runbook('uploader_key', 'tomoda-prod');
    expect(summaries(plan)).toEqual([['tomoda-prod: 2/1/0'], ['tomoda-prod: 0/1/0'], ['tomoda-prod: 0/0/2']]);
    const actions = plan.steps.flatMap((step) => (step.kind === 'phase' ? [step.expected[0].changes.map((change) => `${change.action} ${change.address}`)] : []));
    expect(actions).toEqual([
      ['create aws_iam_access_key.uploader_key_b', 'create aws_secretsmanager_secret_version.s3_uploader_creds_b', 'update kubernetes_manifest.uploader_external_secret'],
      ['update aws_iam_access_key.uploader_key_a'],
      ['delete aws_iam_access_key.uploader_key_a', 'delete aws_secretsmanager_secret_version.s3_uploader_creds_a'],
    ]);
  });

  test('eso_reader_key: create the key and rewrite the bootstrap Secret in place; switch off; delete', () => {
    const plan = runbook('eso_reader_key', 'tomoda-prod');
    expect(summaries(plan)).toEqual([['tomoda-prod: 1/1/0'], ['tomoda-prod: 0/1/0'], ['tomoda-prod: 0/0/1']]);
    const phase1 = plan.steps.find((step) => step.kind === 'phase' && step.phase === 1);
    expect(phase1?.kind === 'phase' && phase1.expected[0].outputChanges.map((output) => output.name)).toEqual(['eso_reader_access_key_id', 'eso_reader_secret_access_key']);
  });

  test.each(['dev', 'staging', 'prod'])('r2_backup_token_%s: create the token and its two environment secrets and point the variable at them; disable; delete token and secrets', (env) => {
    const plan = runbook(`r2_backup_token_${env}`, `r2-backups-${env}`);
    expect(summaries(plan)).toEqual([[`r2-backups-${env}: 3/1/0`], [`r2-backups-${env}: 0/1/0`], [`r2-backups-${env}: 0/0/3`]]);
  });

  test('phase 2 shows the in-place status change with its values, and the one-line way back', () => {
    const markdown = renderPlanMarkdown(runbook('uploader_key', 'tomoda-prod'), installedReplacementTable());
    expect(markdown).toContain('  ~ resource "aws_iam_access_key" "uploader_key_a" {\n      ~ status = "Active" -> "Inactive"\n    }\n\nPlan: 0 to add, 1 to change, 0 to destroy.');
    expect(markdown).toContain('Way back, one line: `test -n "$OLD_KEY_ID" && test "$OLD_KEY_ID" != None && aws iam update-access-key --user-name tomoda-uploader-prod --access-key-id "$OLD_KEY_ID" --status Active`');
    expect(renderPlanMarkdown(runbook('r2_backup_token_prod', 'r2-backups-prod'), installedReplacementTable())).toContain('~ status = "active" -> "disabled"');
  });
});

describe('the gates come from the graph', () => {
  test('uploader_key: ESO must sync after the apply (refreshTime compared with APPLIED_AT after a force-sync), then the backend rolls out', () => {
    const plan = runbook('uploader_key', 'tomoda-prod');
    expect(plan.steps.map((step) => step.id)).toEqual(['record-old', 'create-and-switch', 'synced-after-apply', 'consumers-rolled-out', 'old-unused', 'deactivate-old', 'observe-inactive', 'retire-old']);
    const synced = plan.steps.find((step) => step.id === 'synced-after-apply');
    const commands = synced?.commands.map((command) => command.command) ?? [];
    expect(commands[0]).toBe('sleep 1 && kubectl annotate externalsecret/tomoda-s3-uploader -n tomoda-prod force-sync=$(date +%s) --overwrite');
    expect(commands[1]).toContain(`kubectl get externalsecret/tomoda-s3-uploader -n tomoda-prod -o jsonpath='{.status.refreshTime}'`);
    expect(commands[1]).toContain('[[ -n "$APPLIED_AT" && "$SYNCED_AT" > "$APPLIED_AT" ]]');
    expect(commands.join('\n')).not.toContain('condition=Ready');
    const rollout = plan.steps.find((step) => step.id === 'consumers-rolled-out');
    expect(rollout?.commands.map((command) => command.command)).toEqual([
      'kubectl rollout restart deployment/tomoda-backend -n tomoda-prod',
      'kubectl rollout status deployment/tomoda-backend -n tomoda-prod --timeout=10m',
      'SWITCHED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)',
    ]);
  });

  test('eso_reader_key: the ESO controller restarts before the sync that proves the new reader key', () => {
    const plan = runbook('eso_reader_key', 'tomoda-prod');
    expect(plan.steps.map((step) => step.id)).toEqual(['record-old', 'create-and-switch', 'consumers-rolled-out', 'synced-after-apply', 'old-unused', 'deactivate-old', 'observe-inactive', 'retire-old']);
    expect(plan.steps[2].commands.map((command) => command.command)).toEqual([
      'kubectl rollout restart deployment/external-secrets -n external-secrets',
      'kubectl rollout status deployment/external-secrets -n external-secrets --timeout=10m',
    ]);
    expect(plan.steps[3].commands.at(-1)?.command).toBe('SWITCHED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)');
  });

  test('r2_backup_token_prod: no workload to restart; Aembit gets the new key by hand, then the 24-hour last-use gate', () => {
    const plan = runbook('r2_backup_token_prod', 'r2-backups-prod');
    expect(plan.steps.map((step) => step.id)).toEqual(['record-old', 'create-and-switch', 'out-of-band-consumers', 'old-unused', 'deactivate-old', 'observe-inactive', 'retire-old']);
    const unused = plan.steps.find((step) => step.id === 'old-unused');
    expect(unused?.check).toContain('at least 24 hours after $SWITCHED_AT');
    expect(unused?.commands[0].command).toBe(
      'LAST_USED= && test -n "$OLD_TOKEN_ID" && LAST_USED=$(curl -sf -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" https://api.cloudflare.com/client/v4/accounts/0123456789abcdef0123456789abcdef/tokens/$OLD_TOKEN_ID | jq -r .result.last_used_on)',
    );
  });

  test('the AWS key is proven unused with get-access-key-last-used, compared with the time every consumer switched', () => {
    const unused = runbook('uploader_key', 'tomoda-prod').steps.find((step) => step.id === 'old-unused');
    expect(unused?.commands.map((command) => command.command)).toEqual([
      `LAST_USED= && test -n "$OLD_KEY_ID" && test "$OLD_KEY_ID" != None && LAST_USED=$(aws iam get-access-key-last-used --access-key-id "$OLD_KEY_ID" --query 'AccessKeyLastUsed.LastUsedDate' --output text)`,
      '[[ -n "$LAST_USED" && -n "$SWITCHED_AT" && ( "$LAST_USED" == None || "$LAST_USED" < "$SWITCHED_AT" ) ]] && echo "old key unused since $SWITCHED_AT"',
    ]);
    expect(unused?.check).toContain('at least 4 hours after $SWITCHED_AT');
  });

  test('each phase is declared, then planned into a private directory, verified through a pipe (no plan JSON on disk), applied, and its plan removed', () => {
    const phase1 = runbook('uploader_key', 'tomoda-prod').steps.find((step) => step.kind === 'phase' && step.phase === 1);
    if (phase1?.kind !== 'phase') throw new Error('no phase 1');
    expect(phase1.declare.map((command) => command.command)).toEqual(['export RAXX_PROD_UPLOADER_KEY_SLOTS=b+active-standby', 'npm run synth']);
    const commands = phase1.commands.map((command) => command.command.replace(/-chdir=\S+/g, '-chdir=DIR'));
    expect(commands.slice(0, 7)).toEqual([
      'PLAN_DIR=$(mktemp -d) && chmod 700 "${PLAN_DIR:?}"',
      `trap 'rm -rf "\${PLAN_DIR:?}"' EXIT`,
      'terraform -chdir=DIR plan -out="$PLAN_DIR/uploader_key-tomoda-prod-phase1.tfplan"',
      'terraform -chdir=DIR show -json "$PLAN_DIR/uploader_key-tomoda-prod-phase1.tfplan" | npx rotate verify --plan - --target uploader_key --strategy two-slot --phase 1 --stack tomoda-prod',
      'terraform -chdir=DIR apply "$PLAN_DIR/uploader_key-tomoda-prod-phase1.tfplan"',
      'rm -f "$PLAN_DIR/uploader_key-tomoda-prod-phase1.tfplan"',
      'rm -rf "${PLAN_DIR:?}" && trap - EXIT',
    ]);
    expect(commands[7]).toBe('APPLIED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)');
  });
});

describe('slot declarations', () => {
  test('a declaration names the active slot and what the other one is, and is written back as read', () => {
    expect(parseSlotState('a')).toEqual({ active: 'a', other: 'absent' });
    expect(parseSlotState('b')).toEqual({ active: 'b', other: 'absent' });
    expect(parseSlotState('a+active-standby')).toEqual({ active: 'a', other: 'active-standby' });
    expect(parseSlotState('b+active-standby')).toEqual({ active: 'b', other: 'active-standby' });
    expect(parseSlotState('a+inactive')).toEqual({ active: 'a', other: 'inactive' });
    expect(parseSlotState('b+inactive')).toEqual({ active: 'b', other: 'inactive' });
    for (const text of ['a', 'b', 'a+active-standby', 'b+active-standby', 'a+inactive', 'b+inactive']) expect(formatSlotState(parseSlotState(text)!)).toBe(text);
    expect(formatSlotState({ active: 'b', other: 'absent' })).toBe('b');
    expect(parseSlotState('b+standby')).toBeUndefined();
  });

  test.each([
    ['a', false, 0, ['a', 'b+active-standby', 'b+inactive', 'b']],
    ['b', false, 0, ['b', 'a+active-standby', 'a+inactive', 'a']],
    ['b+active-standby', false, 1, ['a', 'b+active-standby', 'b+inactive', 'b']],
    ['b+inactive', false, 2, ['a', 'b+active-standby', 'b+inactive', 'b']],
    ['b', true, 3, ['a', 'b+active-standby', 'b+inactive', 'b']],
  ] as const)('the rotation through %s (end of rotation: %s) is at phase %d: %j', (declared, end, phase, sequence) => {
    const states = rotationStates(parseSlotState(declared) as never, end);
    expect(states.declaredPhase).toBe(phase);
    expect([states.start, ...states.phases].map(formatSlotState)).toEqual(sequence);
    expect(formatSlotState(phaseTransition(states, 2).before)).toBe(sequence[1]);
  });
});

describe('verify knows which phase a plan belongs to', () => {
  test('phase 1 from the declared start compares a -> b+active-standby', async () => {
    const start = await phaseExpectation({ ...context, env: {} }, 'uploader_key', 1, 'tomoda-prod');
    if (!start.ok) throw new Error(describeError(start.error));
    expect([start.value.from, start.value.to]).toEqual(['a', 'b+active-standby']);
    expect(start.value.prediction.summary).toEqual({ add: 2, change: 1, destroy: 0 });
  });

  test('an exported slot variable that the synthesized output does not declare is a one-line error', async () => {
    const result = await twoSlotRunbooks({ ...context, env: { RAXX_PROD_UPLOADER_KEY_SLOTS: 'b+active-standby' } }, 'uploader_key', 'tomoda-prod');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(describeError(result.error)).toBe('RAXX_PROD_UPLOADER_KEY_SLOTS=b+active-standby is exported, but the synthesized tomoda-prod declares a: run `npm run synth` first');
    }
  });

  test('a credential without slots is refused for the two-slot strategy, naming those that have them', async () => {
    const result = await twoSlotRunbooks(context, 'freescout_backup_key');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(describeError(result.error)).toBe(
        '--strategy two-slot needs a credential held in two slots; "freescout_backup_key" in stack "freescout-backup" is a single resource (two-slot credentials: eso_reader_key, r2_backup_token_dev, r2_backup_token_prod, r2_backup_token_staging, uploader_key)',
      );
    }
  });
});

describe('the gates of uploader_key, pasted into bash (no set -e) with aws and kubectl answering as AWS and ESO do', () => {
  /**
   * Runs the record step, phase 1's bookkeeping (everything but Terraform), the ESO gate, the rollout
   * and the last-use gate in one shell. ESO reports an old refreshTime first, then a later one; IAM
   * reports `lastUsed` for the old key. Returns what the gates print.
   */
  function runGates(keys: string[], lastUsed: string): { stdout: string; calls: string[] } {
    const plan = runbook('uploader_key', 'tomoda-prod');
    const step = (id: string) => plan.steps.find((candidate) => candidate.id === id)?.commands.map((command) => command.command) ?? [];
    const bookkeeping = step('create-and-switch').filter((command) => !/^(terraform|PLAN_DIR|trap|rm )/.test(command));
    const script = [
      'calls=$(mktemp); reads=$(mktemp)',
      'sleep() { :; }',
      `aws() {
  printf 'aws %s\\n' "$*" >> "$calls"
  case "$*" in
    *"list-access-keys"*"--query AccessKeyMetadata[].AccessKeyId --output json") printf '%s\\n' '${JSON.stringify(keys)}' ;;
    *"list-access-keys"*"AccessKeyId!="*) echo EXAMPLE-NEW ;;
    *"list-access-keys"*) ;;
    *"get-access-key-last-used --access-key-id EXAMPLE-OLD"*) echo '${lastUsed}' ;;
    *) echo "unexpected aws $*" >&2; return 1 ;;
  esac
}`,
      `kubectl() {
  printf 'kubectl %s\\n' "$*" >> "$calls"
  case "$*" in
    *"jsonpath={.status.refreshTime}"*) echo x >> "$reads"; if [ "$(wc -l < "$reads")" -lt 3 ]; then echo 2000-01-01T00:00:00Z; else echo 2999-01-01T00:00:00Z; fi ;;
    annotate*|"rollout restart"*|"rollout status"*) ;;
    *) echo "unexpected kubectl $*" >&2; return 1 ;;
  esac
}`,
      ...step('record-old'),
      ...bookkeeping,
      ...step('synced-after-apply'),
      ...step('consumers-rolled-out'),
      ...step('old-unused'),
      'cat "$calls" >&2; rm -f "$calls" "$reads"',
    ].join('\n');
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, PATH: `/usr/bin:${process.env.PATH}` } });
    return { stdout: result.stdout, calls: result.stderr.split('\n').filter((line) => /^(aws|kubectl) /.test(line)) };
  }

  test('one old key, ESO syncing after the apply, the old key last used long before: every gate passes, in order', () => {
    const run = runGates(['EXAMPLE-OLD'], '2000-01-01T00:00:00+00:00');
    expect(run.stdout).toMatch(/^old key recorded\nsynced at 2999-01-01T00:00:00Z\nold key unused since \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\n$/);
    expect(run.calls.filter((call) => call.startsWith('kubectl')).map((call) => call.split(' ').slice(0, 3).join(' '))).toEqual([
      'kubectl annotate externalsecret/tomoda-s3-uploader',
      'kubectl get externalsecret/tomoda-s3-uploader',
      'kubectl get externalsecret/tomoda-s3-uploader',
      'kubectl get externalsecret/tomoda-s3-uploader',
      'kubectl rollout restart',
      'kubectl rollout status',
    ]);
  });

  test('the old key used after every consumer switched: the last-use gate prints nothing', () => {
    const run = runGates(['EXAMPLE-OLD'], '2999-01-01T00:00:00+00:00');
    expect(run.stdout).not.toContain('unused since');
    expect(run.stdout).toContain('synced at');
  });

  test('two keys before the rotation: STOP, and IAM is never asked about a key', () => {
    const run = runGates(['EXAMPLE-OLD', 'EXAMPLE-OTHER'], '2000-01-01T00:00:00+00:00');
    expect(run.stdout).not.toContain('old key recorded');
    expect(run.stdout).not.toContain('unused since');
    expect(run.calls.filter((call) => call.includes('get-access-key-last-used') || call.includes('AccessKeyId!='))).toEqual([]);
  });
});
