import { spawnSync } from 'node:child_process';
import { describeError } from '@raxx/rotation/render/errors';
import type { CreateBeforeDeletePlan, ReplaceRotationPlan, RotationPlan } from '@raxx/rotation/runbook';
import { planRotation } from '@raxx/rotation/runbook';
import { renderPlansJson } from '@raxx/rotation/render/json';
import { renderPlanMarkdown } from '@raxx/rotation/render/markdown';
import { fixtureGraph } from '../support/fixture-repo';
import { installedReplacementTable } from '@raxx/rotate';

async function planOf(target: string, stack?: string): Promise<RotationPlan> {
  const result = planRotation(await fixtureGraph(), { target, stack });
  if (!result.ok) throw new Error(describeError(result.error));
  expect(result.value).toHaveLength(1);
  return result.value[0];
}

async function replacePlan(target: string): Promise<ReplaceRotationPlan> {
  const plan = await planOf(target);
  if (plan.kind !== 'replace') throw new Error(plan.kind);
  return plan;
}

function actions(plan: ReplaceRotationPlan): Record<string, string> {
  return Object.fromEntries(plan.expected.changes.map((change) => [change.address, change.action]));
}

describe('an in-state key is rotated by replacing it', () => {
  test('replacing the uploader key replaces the secret version, because secret_string forces replacement', async () => {
    const plan = await replacePlan('uploader_key');
    expect(actions(plan)).toEqual({
      'aws_iam_access_key.uploader_key': 'replace',
      'aws_secretsmanager_secret_version.creds': 'replace',
    });
    expect(plan.expected.changes[1].forcedBy).toEqual(['secret_string']);
    expect(plan.expected.summary).toEqual({ add: 2, change: 0, destroy: 2 });
    expect(plan.expected.outputChanges).toEqual([]);
  });

  test('the ExternalSecret that reads the secret is refreshed and its annotated consumers restarted', async () => {
    const plan = await replacePlan('uploader_key');
    const refresh = plan.followUps.find((followUp) => followUp.kind === 'external-secret-refresh');
    expect(refresh).toMatchObject({ name: 'app-creds', namespace: 'app-dev', refreshInterval: '15m', targetSecret: 'app-creds' });
    const restart = plan.followUps.find((followUp) => followUp.kind === 'restart-consumers');
    expect(restart?.commands.map((command) => command.command)).toEqual([
      'kubectl rollout restart deployment/app-backend -n app-dev',
      'kubectl rollout status deployment/app-backend -n app-dev',
      'kubectl rollout restart deployment/app-worker -n app-dev',
      'kubectl rollout status deployment/app-worker -n app-dev',
    ]);
  });

  test('replacing the reader key updates the bootstrap secret in place and changes both outputs; the SecretStore reading only its name is untouched', async () => {
    const plan = await replacePlan('reader_key');
    expect(actions(plan)).toEqual({ 'aws_iam_access_key.reader_key': 'replace', 'kubernetes_secret_v1.bootstrap': 'update' });
    expect(plan.expected.summary).toEqual({ add: 1, change: 1, destroy: 1 });
    expect(plan.expected.outputChanges.map((output) => output.name)).toEqual(['reader_access_key_id', 'reader_secret_access_key']);
    expect(plan.followUps.map((followUp) => followUp.kind)).toEqual(['secret-store-auth', 'out-of-band-outputs']);
  });

  test('a token read by another stack makes that stack a follow-up with its own expected plan', async () => {
    const plan = await replacePlan('backup_token');
    const downstream = plan.followUps.find((followUp) => followUp.kind === 'apply-downstream-stack');
    if (downstream?.kind !== 'apply-downstream-stack') throw new Error('no downstream stack');
    expect(downstream.stack).toBe('consumer');
    expect(downstream.expected.changes.map((change) => [change.address, change.action])).toEqual([
      ['github_actions_secret.backup_key_id', 'replace'],
      ['github_actions_secret.backup_secret', 'replace'],
    ]);
    expect(downstream.expected.summary).toEqual({ add: 2, change: 0, destroy: 2 });
    expect(plan.prepareDownstream.map((step) => step.stack)).toEqual(['consumer']);
  });

  test('the bucket variable of the downstream stack is not in the blast radius (the bucket name does not change)', async () => {
    const plan = await replacePlan('backup_token');
    const addresses = plan.identify.flows.map((flow) => flow.address);
    expect(addresses).not.toContain('github_actions_variable.bucket');
    expect(addresses).not.toContain('output.cross-stack-output-cloudflare_r2_bucketbackupsname');
  });

  test('the runbook shows the exact Plan line and prints no configuration value of the key', async () => {
    const markdown = renderPlanMarkdown(await replacePlan('uploader_key'), installedReplacementTable());
    expect(markdown).toContain('Plan: 2 to add, 0 to change, 2 to destroy.');
    expect(markdown).toContain('-/+ resource "aws_iam_access_key" "uploader_key" {');
    expect(markdown).toContain('~ secret_string = (sensitive value) # forces replacement');
    expect(markdown).toContain('terraform -chdir=tools/rotate/test/fixtures/repo/stacks/app-dev plan -replace=aws_iam_access_key.uploader_key');
    expect(markdown).toContain('terraform -chdir=tools/rotate/test/fixtures/repo/stacks/app-dev taint aws_iam_access_key.uploader_key');
    expect(markdown).not.toContain('FAKE-PGP-MARKER');
    expect(renderPlansJson([await replacePlan('uploader_key')])).not.toContain('FAKE-PGP-MARKER');
  });

  test('outputs print as (sensitive value)', async () => {
    const markdown = renderPlanMarkdown(await replacePlan('reader_key'), installedReplacementTable());
    expect(markdown).toContain('Changes to Outputs:\n  ~ reader_access_key_id = (sensitive value)\n  ~ reader_secret_access_key = (sensitive value)');
  });

  test('a full Terraform address names the same target as its logical name', async () => {
    expect((await planOf('aws_iam_access_key.uploader_key')).target).toEqual((await planOf('uploader_key')).target);
  });
});

describe('an account token delivered by its own stack, with a consumer outside Terraform', () => {
  test('one apply of one stack: the token and both environment secrets are replaced, the bucket variable is not touched', async () => {
    const plan = await replacePlan('vault_token');
    expect(plan.target).toMatchObject({ stack: 'backup-env', address: 'cloudflare_account_token.vault_token', type: 'cloudflare_account_token' });
    expect(actions(plan)).toEqual({
      'cloudflare_account_token.vault_token': 'replace',
      'github_actions_environment_secret.vault_key_id_dev': 'replace',
      'github_actions_environment_secret.vault_secret_dev': 'replace',
    });
    expect(plan.expected.changes.slice(1).map((change) => change.forcedBy)).toEqual([['plaintext_value'], ['plaintext_value']]);
    expect(plan.followUps.some((followUp) => followUp.kind === 'apply-downstream-stack')).toBe(false);
    expect(plan.prepareDownstream).toEqual([]);
  });

  test('the declared consumer gets its own step: read the outputs into variables, update the place, forget, then check', async () => {
    const plan = await replacePlan('vault_token');
    const step = plan.followUps.find((followUp) => followUp.kind === 'out-of-band-consumer');
    if (step?.kind !== 'out-of-band-consumer') throw new Error('no out-of-band consumer step');
    expect(step).toMatchObject({ name: 'Vault', place: 'KV path kv/backup/dev of the example vault', outputs: ['vault_key_id', 'vault_secret'], expect: 'a version created today' });
    expect(step.commands.map((command) => command.command)).toEqual([
      'KEY_ID=$(terraform -chdir=tools/rotate/test/fixtures/repo/stacks/backup-env output -raw vault_key_id)',
      'SECRET=$(terraform -chdir=tools/rotate/test/fixtures/repo/stacks/backup-env output -raw vault_secret)',
      'vault kv put kv/backup/dev id="$KEY_ID" secret="$SECRET"',
      'unset KEY_ID SECRET',
    ]);
    expect(step.check.map((command) => command.command)).toEqual(['vault kv metadata get -format=json kv/backup/dev | jq -r .data.updated_time']);
  });

  test('the consumer is named in the blast radius and the risks', async () => {
    const plan = await replacePlan('vault_token');
    expect(plan.identify.flows.filter((flow) => flow.via === 'out-of-band consumer')).toEqual([
      { stack: 'backup-env', address: 'Vault', via: 'out-of-band consumer', description: 'KV path kv/backup/dev of the example vault; copies vault_key_id, vault_secret (updated by hand, step 5)' },
    ]);
    expect(plan.risks.map((risk) => risk.summary)).toContain('Vault (KV path kv/backup/dev of the example vault) keeps handing out the deleted key from the apply until it is updated by hand.');
  });

  test('outputs no declared consumer copies still get the generic step; the covered ones do not', async () => {
    const plan = await replacePlan('vault_token');
    expect(plan.followUps.filter((followUp) => followUp.kind === 'out-of-band-outputs').map((followUp) => followUp.kind === 'out-of-band-outputs' && followUp.outputs)).toEqual([['vault_token_audit_id']]);
  });

  test('verification checks the account token, the environment secrets and the consumer', async () => {
    const plan = await replacePlan('vault_token');
    expect(plan.verification.map((command) => command.command)).toEqual([
      `curl -s -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" https://api.cloudflare.com/client/v4/accounts/acct/tokens | jq '[.result[] | select(.name == "vault-dev") | {status, issued_on}]'`,
      `gh secret list --repo example-org/app --env dev | grep -E '^(VAULT_KEY_ID|VAULT_SECRET)\\b'`,
      'vault kv metadata get -format=json kv/backup/dev | jq -r .data.updated_time',
      'terraform -chdir=tools/rotate/test/fixtures/repo/stacks/backup-env plan -detailed-exitcode',
    ]);
  });

  test('the runbook renders the consumer step with its place, commands, check and expectation', async () => {
    const markdown = renderPlanMarkdown(await replacePlan('vault_token'), installedReplacementTable());
    expect(markdown).toContain('### Update Vault, outside Terraform (declared on `cloudflare_account_token.vault_token`, backup-env)');
    expect(markdown).toContain('Where: KV path kv/backup/dev of the example vault. It holds a copy of `vault_key_id`, `vault_secret` (fixture); no plan shows it.');
    expect(markdown).toContain('Expect: a version created today');
    expect(markdown).toContain('| backup-env | `Vault` | out-of-band consumer |');
    expect(markdown).toContain('| `cloudflare_account_token` | `account_id` |');
  });
});

describe('an out-of-state key gets the create-before-delete runbook', () => {
  test('the new key is created, stored and dry-run before the old one is deleted', async () => {
    const plan = (await planOf('backup_key')) as CreateBeforeDeletePlan;
    expect(plan.kind).toBe('create-before-delete');
    expect(plan.steps.map((step) => step.title)).toEqual([
      'Record the current key',
      'Create the new key BEFORE deleting the old one',
      'Update the consumers',
      'Dry run with the new key',
      'Delete the OLD key',
      'Dry run again after the deletion',
    ]);
    expect(plan.steps[2].commands.map((command) => command.command)).toEqual([
      `printf '%s' "$NEW_KEY_ID" | gh secret set BACKUP_KEY_ID --repo example-org/app`,
      `printf '%s' "$NEW_SECRET" | gh secret set BACKUP_SECRET --repo example-org/app`,
    ]);
    expect(plan.steps[3].commands.map((command) => command.command)).toEqual([
      'GH_USER=$(gh api user --jq .login)',
      'DISPATCHED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)',
      'gh workflow run backup.yml --field dry_run=true --repo example-org/app',
      `RUN_ID=""; for i in $(seq 30); do RUN_ID=$(gh run list --workflow backup.yml --repo example-org/app --event workflow_dispatch --user "$GH_USER" --created "$DISPATCHED_AT..*" --json databaseId --jq '.[].databaseId' | tail -n 1); [ -n "$RUN_ID" ] && break; sleep 2; done; test -n "$RUN_ID"`,
      'gh run watch "$RUN_ID" --repo example-org/app --exit-status',
    ]);
  });

  test('the new secret is never an argument of a program: only a shell builtin reads it, into a pipe', async () => {
    const plan = (await planOf('backup_key')) as CreateBeforeDeletePlan;
    const commands = [...plan.prepare.commands, ...plan.steps.flatMap((step) => step.commands), ...plan.verification].map((command) => command.command);
    // Where the key material ($NEW_KEY: the whole create-access-key answer; $NEW_SECRET) appears, and how.
    const uses = commands.flatMap((command) => [...command.matchAll(/\$(NEW_KEY|NEW_SECRET)\b(?!_)/g)].map(() => command));
    expect(uses).toEqual([
      `NEW_KEY_ID=$(echo "$NEW_KEY" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['AccessKey']['AccessKeyId'])")`,
      `NEW_SECRET=$(echo "$NEW_KEY" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['AccessKey']['SecretAccessKey'])")`,
      `printf '%s' "$NEW_SECRET" | gh secret set BACKUP_SECRET --repo example-org/app`,
    ]);
    for (const command of uses) expect(command).toMatch(/^(NEW_[A-Z_]+=\$\()?(echo|printf '%s') "\$NEW_(KEY|SECRET)" \| [^$]*$/);
    expect(commands).toContain('unset NEW_KEY NEW_SECRET');
    expect(renderPlanMarkdown(plan, installedReplacementTable())).not.toContain('--body');
  });

  test('the old key id is read as a list (empty, never the string None, without a key) and must be exactly one', async () => {
    const plan = (await planOf('backup_key')) as CreateBeforeDeletePlan;
    expect(plan.steps[0].commands.map((command) => command.command)).toEqual([
      'aws iam list-access-keys --user-name example-backup --region us-east-1',
      `OLD_KEY_ID=$(aws iam list-access-keys --user-name example-backup --region us-east-1 --query 'AccessKeyMetadata[].AccessKeyId' --output json | python3 -c 'import json,sys; ids=json.load(sys.stdin); print(ids[0]) if len(ids) == 1 else sys.exit("STOP: %d access keys, expected exactly one" % len(ids))')`,
      'test -n "$OLD_KEY_ID" && test "$OLD_KEY_ID" != None && echo "old key recorded"',
    ]);
  });

  describe('pasted line by line into bash (no set -e), with the AWS CLI answering as for 0, 1 or 2 keys', () => {
    /**
     * Runs steps 1, 2 and 5 (record, create, delete) in one shell. The `aws` stub answers the runbook's
     * list query as the AWS CLI does (`AccessKeyMetadata[].AccessKeyId`, JSON: the list of ids, `[]`
     * without a key) and logs every call; `preset` runs first (e.g. an old value of OLD_KEY_ID).
     */
    async function runSteps(keys: string[], preset = ''): Promise<{ calls: string[]; stderr: string }> {
      const plan = (await planOf('backup_key')) as CreateBeforeDeletePlan;
      const commands = [plan.steps[0], plan.steps[1], plan.steps[4]].flatMap((step) => step.commands.map((command) => command.command));
      const script = [
        'calls=$(mktemp)',
        `aws() {
  printf '%s\\n' "$*" >> "$calls"  # a file: most calls run in the subshell of a command substitution
  case "$*" in
    *"list-access-keys"*"--query AccessKeyMetadata[].AccessKeyId --output json") printf '%s\n' '${JSON.stringify(keys)}' ;;
    *"list-access-keys"*) ;;
    *"create-access-key"*) printf '%s\n' '{"AccessKey": {"AccessKeyId": "EXAMPLE-NEW", "SecretAccessKey": "example-not-a-secret"}}' ;;
    *"delete-access-key"*) ;;
    *) echo "unexpected aws $*" >&2; return 1 ;;
  esac
}`,
        preset,
        ...commands,
        'grep -v "^iam list-access-keys" "$calls"; rm -f "$calls"',
      ].join('\n');
      // The Debian python3 first on PATH: a version manager's shim costs seconds per call.
      const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, PATH: `/usr/bin:${process.env.PATH}` } });
      return { calls: result.stdout.split('\n').filter((line) => line.startsWith('iam ')), stderr: result.stderr };
    }

    test('no key: the id stays empty, the runbook says STOP, and nothing is created or deleted', async () => {
      const run = await runSteps([]);
      expect(run.calls).toEqual([]);
      expect(run.stderr).toContain('STOP: 0 access keys, expected exactly one');
    });

    test('two keys: STOP, nothing created or deleted', async () => {
      const run = await runSteps(['EXAMPLE-A', 'EXAMPLE-B']);
      expect(run.calls).toEqual([]);
      expect(run.stderr).toContain('STOP: 2 access keys, expected exactly one');
    });

    test('an OLD_KEY_ID of None (the AWS CLI text output for no key) deletes nothing', async () => {
      const run = await runSteps([], 'OLD_KEY_ID=None');
      expect(run.calls).toEqual([]);
    });

    test('exactly one key: the new key is created and the recorded old one deleted', async () => {
      const run = await runSteps(['EXAMPLE-OLD']);
      expect(run.calls).toEqual([
        'iam create-access-key --user-name example-backup --region us-east-1 --output json',
        'iam delete-access-key --user-name example-backup --access-key-id EXAMPLE-OLD --region us-east-1',
      ]);
      expect(run.stderr).toBe('');
    });
  });

});

describe('bad targets are errors, one line each', () => {
  const cases: Array<[string, string | undefined, string]> = [
    ['nope', undefined, 'unknown target "nope"; rotatable targets: backup_key, backup_token, deploy, reader_key, uploader_key, vault_token'],
    ['uploader_key', 'nowhere', 'unknown stack "nowhere"; stacks: app-dev, backup-env, consumer, manual, tokens'],
    ['uploader_key', 'tokens', 'target "uploader_key" is not in stack "tokens"; stacks that hold it: app-dev'],
    ['deploy', undefined, 'target "deploy" is ambiguous in stack "tokens": aws_iam_access_key.deploy, cloudflare_api_token.deploy; pass the full address'],
    ['aws_iam_user.uploader', undefined, '"aws_iam_user.uploader" is a aws_iam_user, not a rotatable key; rotatable types: aws_iam_access_key, cloudflare_api_token, cloudflare_account_token'],
  ];
  test.each(cases)('--target %s --stack %s', async (target, stack, message) => {
    const result = planRotation(await fixtureGraph(), { target, stack });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(describeError(result.error)).toBe(message);
  });

  test('the ambiguous name resolves with its full address', async () => {
    expect((await planOf('cloudflare_api_token.deploy')).target.address).toBe('cloudflare_api_token.deploy');
  });
});
