/** The create-before-delete runbook of a key outside Terraform state (freescout-backup-iam-runbook.txt, "Key rotation"). */
import type { GithubSecretConsumer, OutOfStateCredential } from '@raxx/constructs';
import type { RepositoryGraph, StackGraph } from '../graph';
import type { OutOfStateTarget } from '../targets';
import { prepareStep } from './commands';
import { dispatchAndWatch } from './workflow-runs';
import type { Command, CreateBeforeDeletePlan, RunbookStep } from './types';

function secretNamed(consumer: GithubSecretConsumer, part: 'AccessKeyId' | 'SecretAccessKey'): string[] {
  return Object.keys(consumer.secrets).filter((name) => consumer.secrets[name] === part).sort();
}

export function dryRunCommands(credential: OutOfStateCredential): Command[] {
  return credential.consumers.flatMap((consumer) => dispatchAndWatch(consumer));
}

/** `gh secret set` of the new key id and secret for every consumer, read from shell variables. */
export function setSecretCommands(credential: OutOfStateCredential): Command[] {
  return credential.consumers.flatMap((consumer) => [
    ...secretNamed(consumer, 'AccessKeyId').map((name) => ({
      description: `store the new key id in ${consumer.repository} (read from the variable, never printed)`,
      command: `printf '%s' "$NEW_KEY_ID" | gh secret set ${name} --repo ${consumer.repository}`,
    })),
    ...secretNamed(consumer, 'SecretAccessKey').map((name) => ({
      description: `store the new secret in ${consumer.repository} (read from the variable, never printed)`,
      command: `printf '%s' "$NEW_SECRET" | gh secret set ${name} --repo ${consumer.repository}`,
    })),
  ]);
}

export function planOutOfState(graph: RepositoryGraph, target: OutOfStateTarget): CreateBeforeDeletePlan {
  const stack = graph.stacks.get(target.stack) as StackGraph;
  const { credential } = target;
  const user = `--user-name ${credential.userName} --region ${credential.region}`;
  const setSecrets = setSecretCommands(credential);
  const steps: RunbookStep[] = [
    {
      title: 'Record the current key',
      commands: [
        { description: 'list the keys (IAM allows two per user: there must be only one now)', command: `aws iam list-access-keys ${user}` },
        { description: 'remember the old key id', command: `OLD_KEY_ID=$(aws iam list-access-keys ${user} --query 'AccessKeyMetadata[0].AccessKeyId' --output text)` },
      ],
      check: 'Exactly one key is listed; with two, find out which one is in use before going on.',
    },
    {
      title: 'Create the new key BEFORE deleting the old one',
      commands: [
        { description: 'create the key; the output stays in a shell variable', command: `NEW_KEY=$(aws iam create-access-key ${user} --output json)` },
        { description: 'key id', command: `NEW_KEY_ID=$(echo "$NEW_KEY" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['AccessKey']['AccessKeyId'])")` },
        { description: 'secret (AWS shows it only once)', command: `NEW_SECRET=$(echo "$NEW_KEY" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['AccessKey']['SecretAccessKey'])")` },
      ],
      check: `aws iam list-access-keys ${user} lists two Active keys.`,
    },
    {
      title: 'Update the consumers',
      commands: setSecrets,
      check: credential.consumers.map((consumer) => `gh secret list --repo ${consumer.repository} shows ${Object.keys(consumer.secrets).sort().join(', ')} updated today.`).join(' '),
    },
    {
      title: 'Dry run with the new key',
      commands: dryRunCommands(credential),
      check: 'The dry run completes "Configure AWS credentials" and its first AWS call without error. If not, stop: the old key still works, nothing is broken.',
    },
    {
      title: 'Delete the OLD key',
      commands: [
        { description: 'the old key must not be the new one', command: 'test -n "$OLD_KEY_ID" && test "$OLD_KEY_ID" != "$NEW_KEY_ID"' },
        { description: 'delete it', command: `aws iam delete-access-key --user-name ${credential.userName} --access-key-id "$OLD_KEY_ID" --region ${credential.region}` },
        { description: 'forget the key material', command: 'unset NEW_KEY NEW_SECRET' },
      ],
      check: 'Only the new key is listed.',
    },
    {
      title: 'Dry run again after the deletion',
      commands: dryRunCommands(credential),
      check: 'The workflow succeeds with only the new key.',
    },
  ];
  return {
    kind: 'create-before-delete',
    target,
    prepare: prepareStep(stack, stack.name),
    steps,
    verification: [
      { description: `one Active key for ${credential.userName}, created today, equal to $NEW_KEY_ID`, command: `aws iam list-access-keys ${user}` },
      ...credential.consumers.map((consumer) => ({
        description: `${Object.keys(consumer.secrets).sort().join(', ')} updated today`,
        command: `gh secret list --repo ${consumer.repository} | grep -E '^(${Object.keys(consumer.secrets).sort().join('|')})\\b'`,
      })),
      { description: `Terraform does not manage the key: stack ${stack.name} still shows "No changes."`, command: `terraform -chdir=${stack.directory} plan -detailed-exitcode` },
    ],
    risks: [
      {
        summary: 'None for the consumers: both keys are valid from step 2 until step 5.',
        mitigation: 'Do not delete the old key before the dry run passes.',
      },
      {
        summary: 'GitHub secrets cannot be read back: once step 3 ran, the old key can no longer be restored into them.',
        mitigation: 'If the dry run fails, fix the new key (it has the same policy as the old) or create another; keep the old key until a dry run passes.',
      },
      {
        summary: `IAM allows two keys per user: with two keys already, step 2 fails (LimitExceeded).`,
        mitigation: 'Step 1 checks there is one key.',
      },
    ],
  };
}

