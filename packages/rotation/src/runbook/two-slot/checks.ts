/**
 * What the provider of a two-slot credential lets an operator check (pure): record the old and the
 * new credential's ids, prove the old one is no longer used, see it switched off, the way back, and
 * the end state. Only ids and dates are printed, never key material.
 */
import type { GraphNode, StackGraph } from '../../graph/graph';
import { at, literal } from '../kubernetes-objects';
import type { Command } from '../types';

/** The checks of one kind of credential. */
export interface CredentialChecks {
  /** What the credential is called in prose (`access key`, `token`). */
  readonly noun: string;
  /** Shell variables that hold the old and the new credential's id. */
  readonly oldVariable: string;
  readonly newVariable: string;
  /** Before phase 1: prove there is exactly one credential, and remember its id. */
  readonly recordOld: readonly Command[];
  readonly recordOldCheck: string;
  /** After phase 1: remember the new credential's id; both valid. */
  readonly recordNew: readonly Command[];
  /** The old credential has not been used since `$SWITCHED_AT`. */
  readonly oldUnused: readonly Command[];
  /** How long to wait after `$SWITCHED_AT` before `oldUnused` can be trusted (`4 hours`). */
  readonly usageDelay: string;
  /** Why that long. */
  readonly usageDelayReason: string;
  /** After phase 2: old switched off, new valid. */
  readonly deactivated: readonly Command[];
  /** The one-line way back from phase 2. */
  readonly reactivate: Command;
  /** After phase 3: only the new credential remains. */
  readonly final: readonly Command[];
}

function referencedLiteral(stack: StackGraph, node: GraphNode, attribute: string, targetAttribute: string): string | undefined {
  const site = (stack.referencesOf.get(node.address) ?? []).find((candidate) => candidate.location[0] === attribute);
  const target = site ? stack.nodes.get(site.to) : undefined;
  return literal(at(target?.body, targetAttribute)) ?? literal(at(node.body, attribute));
}

const NOW = 'date -u +%Y-%m-%dT%H:%M:%SZ';

/** Holds only for a recorded token id. */
const OLD_TOKEN_SET = 'test -n "$OLD_TOKEN_ID"';

/** Holds only for one real key id in OLD_KEY_ID (never empty, never the AWS CLI's `None`). */
const OLD_KEY_SET = 'test -n "$OLD_KEY_ID" && test "$OLD_KEY_ID" != None';

function awsAccessKeyChecks(stack: StackGraph, node: GraphNode): CredentialChecks {
  const userName = referencedLiteral(stack, node, 'user', 'name') ?? '<user name>';
  const user = `--user-name ${userName}`;
  return {
    noun: 'access key',
    oldVariable: 'OLD_KEY_ID',
    newVariable: 'NEW_KEY_ID',
    recordOld: [
      {
        description: `remember the one key of ${userName} (an identifier, not key material); STOP unless there is exactly one (IAM allows two: the rotation needs the second)`,
        command: `OLD_KEY_ID=$(aws iam list-access-keys ${user} --query 'AccessKeyMetadata[].AccessKeyId' --output json | python3 -c 'import json,sys; ids=json.load(sys.stdin); print(ids[0]) if len(ids) == 1 else sys.exit("STOP: %d access keys, expected exactly one" % len(ids))')`,
      },
      { description: 'the old key is known: stop here if this fails', command: `${OLD_KEY_SET} && echo "old key recorded"` },
    ],
    recordOldCheck: `exactly one key is listed for ${userName}; with two, finish or undo the rotation in progress first.`,
    recordNew: [
      { description: 'remember the new key id (the one that is not the old key)', command: `${OLD_KEY_SET} && NEW_KEY_ID=$(aws iam list-access-keys ${user} --query "AccessKeyMetadata[?AccessKeyId!='$OLD_KEY_ID'].AccessKeyId" --output text) && test -n "$NEW_KEY_ID" && test "$NEW_KEY_ID" != None` },
      { description: 'both keys exist and are Active', command: `aws iam list-access-keys ${user} --query 'AccessKeyMetadata[].[AccessKeyId,Status,CreateDate]' --output table` },
    ],
    oldUnused: [
      { description: 'when IAM last saw the old key (None: never)', command: `LAST_USED= && ${OLD_KEY_SET} && LAST_USED=$(aws iam get-access-key-last-used --access-key-id "$OLD_KEY_ID" --query 'AccessKeyLastUsed.LastUsedDate' --output text)` },
      { description: 'fails unless IAM answered and that was before every consumer switched', command: `[[ -n "$LAST_USED" && -n "$SWITCHED_AT" && ( "$LAST_USED" == None || "$LAST_USED" < "$SWITCHED_AT" ) ]] && echo "old key unused since $SWITCHED_AT"` },
    ],
    usageDelay: '4 hours',
    usageDelayReason: 'IAM records last use with a delay; AWS documents up to 4 hours for last-accessed information',
    deactivated: [
      { description: 'old key Inactive, new key Active', command: `aws iam list-access-keys ${user} --query 'AccessKeyMetadata[].[AccessKeyId,Status]' --output text` },
    ],
    reactivate: { description: 'reactivates the old key at once; then declare active-standby again so Terraform agrees', command: `${OLD_KEY_SET} && aws iam update-access-key ${user} --access-key-id "$OLD_KEY_ID" --status Active` },
    final: [
      { description: `exactly one key for ${userName}: the new one, Active`, command: `test "$(aws iam list-access-keys ${user} --query 'AccessKeyMetadata[?Status==\`Active\`].AccessKeyId' --output text)" = "$NEW_KEY_ID" && test "$(aws iam list-access-keys ${user} --query 'length(AccessKeyMetadata)' --output text)" = 1` },
    ],
  };
}

function cloudflareTokenChecks(node: GraphNode, slotsVariable: string, stackDirectory: string): CredentialChecks {
  const name = literal(at(node.body, 'name')) ?? node.name;
  const account = node.type === 'cloudflare_account_token' ? literal(at(node.body, 'account_id')) : undefined;
  const tokens = account ? `https://api.cloudflare.com/client/v4/accounts/${account}/tokens` : 'https://api.cloudflare.com/client/v4/user/tokens';
  const api = `curl -sf -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN"`;
  const named = `jq -r '.result[] | select(.name == "${name}") | .id'`;
  return {
    noun: 'token',
    oldVariable: 'OLD_TOKEN_ID',
    newVariable: 'NEW_TOKEN_ID',
    recordOld: [
      {
        description: `remember the one token named ${name} (an identifier, not the token value; CLOUDFLARE_API_TOKEN may read ${account ? 'account' : 'user'} tokens); empty unless there is exactly one`,
        command: `OLD_TOKEN_ID=$(${api} ${tokens} | jq -r '[.result[] | select(.name == "${name}") | .id] | if length == 1 then .[0] else error("STOP: \\(length) tokens named ${name}, expected exactly one") end')`,
      },
      { description: 'the old token is known: stop here if this fails', command: `${OLD_TOKEN_SET} && echo "old token recorded"` },
    ],
    recordOldCheck: `exactly one token named ${name}; with two, finish or undo the rotation in progress first.`,
    recordNew: [
      { description: 'remember the new token id (the one that is not the old token)', command: `${OLD_TOKEN_SET} && NEW_TOKEN_ID=$(${api} ${tokens} | jq -r --arg old "$OLD_TOKEN_ID" '.result[] | select(.name == "${name}" and .id != $old) | .id') && test -n "$NEW_TOKEN_ID"` },
      { description: 'both tokens exist and are active', command: `${api} ${tokens} | jq '.result[] | select(.name == "${name}") | {id, status, issued_on}'` },
    ],
    oldUnused: [
      { description: 'when Cloudflare last saw the old token (null: never)', command: `LAST_USED= && ${OLD_TOKEN_SET} && LAST_USED=$(${api} ${tokens}/$OLD_TOKEN_ID | jq -r .result.last_used_on)` },
      { description: 'fails unless Cloudflare answered and that was before every consumer switched', command: `[[ -n "$LAST_USED" && -n "$SWITCHED_AT" && ( "$LAST_USED" == null || "$LAST_USED" < "$SWITCHED_AT" ) ]] && echo "old token unused since $SWITCHED_AT"` },
    ],
    usageDelay: '24 hours',
    usageDelayReason: 'one nightly backup run with the new token; Cloudflare documents `last_used_on` for API calls, not whether S3-API (R2) requests update it, so that run is the proof and `last_used_on` the extra check',
    deactivated: [
      { description: 'old token disabled, new token active', command: `${api} ${tokens} | jq '.result[] | select(.name == "${name}") | {id, status}'` },
    ],
    reactivate: {
      description: 'declares the old token active again and applies it (status updates in place)',
      command: `export ${slotsVariable}=<new>+active-standby && npm run synth && terraform -chdir=${stackDirectory} apply`,
    },
    final: [
      { description: `exactly one token named ${name}: the new one`, command: `test "$(${api} ${tokens} | ${named})" = "$NEW_TOKEN_ID"` },
    ],
  };
}

/** The checks of the credential `node` (a slot of a two-slot credential), or undefined for an unknown type. */
export function credentialChecks(stack: StackGraph, node: GraphNode, slotsVariable: string, newSlot: string): CredentialChecks | undefined {
  if (node.type === 'aws_iam_access_key') return awsAccessKeyChecks(stack, node);
  if (node.type === 'cloudflare_api_token' || node.type === 'cloudflare_account_token') {
    const checks = cloudflareTokenChecks(node, slotsVariable, stack.directory);
    return { ...checks, reactivate: { ...checks.reactivate, command: checks.reactivate.command.replace('<new>', newSlot) } };
  }
  return undefined;
}

/** `NAME=$(date ...)`: records the current time in UTC (RFC 3339, as ESO and IAM print theirs). */
export function recordTime(variable: string, description: string): Command {
  return { description, command: `${variable}=$(${NOW})` };
}
