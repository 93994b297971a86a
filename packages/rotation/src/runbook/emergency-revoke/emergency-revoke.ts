/**
 * The emergency path of a key outside Terraform state (`--strategy replace`), from
 * freescout-backup-iam-runbook.txt: "Emergency: revoke all keys immediately", then its "Escalation",
 * then "Key generation" for the replacement. The default stays create-before-delete.
 */
import type { RepositoryGraph, StackGraph } from '../../graph/graph';
import type { OutOfStateTarget } from '../../graph/targets';
import { prepareStep } from '../commands';
import { dryRunCommands, setSecretCommands } from '../create-before-delete/create-before-delete';
import type { EmergencyRevokePlan, RunbookStep } from '../types';

export function planEmergencyRevoke(graph: RepositoryGraph, target: OutOfStateTarget): EmergencyRevokePlan {
  const stack = graph.stacks.get(target.stack) as StackGraph;
  const { credential } = target;
  const user = `--user-name ${credential.userName} --region ${credential.region}`;
  const steps: RunbookStep[] = [
    {
      title: 'Revoke every key at once',
      commands: [
        { description: 'list all keys for the user (ids and dates only)', command: `aws iam list-access-keys ${user}` },
        {
          description: 'delete each key, whichever is leaked: no key of this user stays valid',
          command: `for KEY_ID in $(aws iam list-access-keys ${user} --query 'AccessKeyMetadata[].AccessKeyId' --output text); do aws iam delete-access-key --user-name ${credential.userName} --access-key-id "$KEY_ID" --region ${credential.region}; done`,
        },
        { description: 'state the consequence', command: 'echo "All keys revoked — backup workflow will fail until new key provisioned"' },
      ],
      check: `\`aws iam list-access-keys ${user}\` lists no key. From now the backup is disrupted until a new key is provisioned (step 3).`,
    },
    {
      title: 'Escalate to the operator',
      commands: [
        {
          description: 'evidence for the operator: what the user did recently (management events; S3 data events only if a trail records them)',
          command: `aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=${credential.userName} --region ${credential.region} --max-results 50 --query 'Events[].[EventTime,EventName,EventSource]' --output table`,
        },
      ],
      check:
        `Escalate now (${credential.runbook}, "Escalation"): suspected key compromise means revoke immediately, then escalate. ` +
        'Escalate also when key rotation fails and the backup has not run for more than 24 hours, or on AccessDenied on Lightsail snapshot operations that terraform apply has not resolved.',
    },
    {
      title: 'Issue a replacement ("Key generation")',
      commands: [
        { description: 'create the key; the output stays in a shell variable, printed once and never stored by AWS', command: `NEW_KEY=$(aws iam create-access-key ${user} --output json)` },
        { description: 'key id', command: `NEW_KEY_ID=$(echo "$NEW_KEY" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['AccessKey']['AccessKeyId'])")` },
        { description: 'secret (AWS shows it only once)', command: `NEW_SECRET=$(echo "$NEW_KEY" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['AccessKey']['SecretAccessKey'])")` },
        ...setSecretCommands(credential),
        { description: 'forget the key material', command: 'unset NEW_KEY NEW_SECRET' },
      ],
      check: credential.consumers.map((consumer) => `\`gh secret list --repo ${consumer.repository}\` shows ${Object.keys(consumer.secrets).sort().join(', ')} updated today.`).join(' '),
    },
    {
      title: 'Dry run with the new key, watching the run just dispatched',
      commands: dryRunCommands(credential),
      check: 'The run completes "Configure AWS credentials" and its first AWS call without error (InvalidClientTokenId means a secret is stale: set it again).',
    },
  ];
  return {
    kind: 'emergency-revoke',
    target,
    prepare: prepareStep(stack, stack.name),
    steps,
    verification: [
      { description: `exactly one Active key for ${credential.userName}, created today, equal to $NEW_KEY_ID`, command: `aws iam list-access-keys ${user}` },
      { description: `Terraform does not manage the key: stack ${stack.name} still shows "No changes."`, command: `terraform -chdir=${stack.directory} plan -detailed-exitcode` },
    ],
    risks: [
      { summary: 'The backup workflow fails from step 1 until step 4 passes.', mitigation: 'This is the trade for a suspected leak: the key dies now. For a routine rotation use the default strategy (create-before-delete).' },
      { summary: 'Tonight\'s scheduled backup runs with no valid key if step 3 is not done by then.', mitigation: 'Do steps 3 and 4 right after escalating; escalate if the backup has not run for more than 24 hours.' },
    ],
  };
}
