/** The create-before-delete runbook of a key outside Terraform state (freescout-backup-iam-runbook.txt, "Key rotation"). */
import type { GithubSecretConsumer, OutOfStateCredential } from '@raxx/terraform-json';
import type { RepositoryGraph, StackGraph } from '../../graph/graph';
import type { OutOfStateTarget } from '../../graph/targets';
import { prepareStep } from '../commands';
import { dispatchAndWatch } from '../workflow-runs';
import type { Command, CreateBeforeDeletePlan, RunbookStep } from '../types';

function secretNamed(consumer: GithubSecretConsumer, part: 'AccessKeyId' | 'SecretAccessKey'): string[] {
  return Object.keys(consumer.secrets).filter((name) => consumer.secrets[name] === part).sort();
}

/** A dry run of every consumer's workflow, each waited on by the id of the run just dispatched. */
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

/**
 * The id of the one access key of the user, or nothing: the query lists the ids (an empty list, not the
 * string `None`, when there is no key) and the check refuses anything but exactly one.
 */
function oldKeyIdCommand(user: string): string {
  const exactlyOne = `ids=json.load(sys.stdin); print(ids[0]) if len(ids) == 1 else sys.exit("STOP: %d access keys, expected exactly one" % len(ids))`;
  return `OLD_KEY_ID=$(aws iam list-access-keys ${user} --query 'AccessKeyMetadata[].AccessKeyId' --output json | python3 -c '${`import json,sys; ${exactlyOne}`}')`;
}

/** A shell test that holds only for one real key id in OLD_KEY_ID (never empty, never the CLI's `None`). */
const OLD_KEY_ID_SET = 'test -n "$OLD_KEY_ID" && test "$OLD_KEY_ID" != None';

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
        { description: 'remember the old key id; fails (STOP, OLD_KEY_ID empty) unless there is exactly one key', command: oldKeyIdCommand(user) },
        { description: 'the old key is known: stop here if this fails', command: `${OLD_KEY_ID_SET} && echo "old key recorded"` },
      ],
      check: 'Exactly one key is listed and "old key recorded" printed. With none or two, stop: with two, find out which one is in use before going on.',
    },
    {
      title: 'Create the new key BEFORE deleting the old one',
      commands: [
        { description: 'create the key (only once the old key is recorded); the output stays in a shell variable', command: `${OLD_KEY_ID_SET} && NEW_KEY=$(aws iam create-access-key ${user} --output json)` },
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
        {
          description: 'delete it, only when the old key is recorded and is not the new one',
          command: `${OLD_KEY_ID_SET} && test -n "$NEW_KEY_ID" && test "$OLD_KEY_ID" != "$NEW_KEY_ID" && aws iam delete-access-key --user-name ${credential.userName} --access-key-id "$OLD_KEY_ID" --region ${credential.region}`,
        },
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
        mitigation: 'Step 1 records the old key only when there is exactly one; without it, step 2 creates nothing and step 5 deletes nothing.',
      },
    ],
  };
}

