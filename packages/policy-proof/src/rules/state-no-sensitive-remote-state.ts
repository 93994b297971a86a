import { upstreamStackOf } from '../remote-state';
import { dataOfType } from '../terraform-json';
import { RuleResult, StackSubject, findings } from './rule';

/**
 * No stack reads the remote state of a stack that has a sensitive output: `terraform_remote_state`
 * copies every output of the other state into the reader's state, sensitive ones in plain text. A
 * read whose stack cannot be identified is a finding too (it cannot be shown to be safe). Every cdktf
 * cross-stack reference trips this rule: cdktf marks the outputs it adds for them sensitive.
 */
export function stateNoSensitiveRemoteState({ stackName, json, stacks }: StackSubject): RuleResult {
  const reads = dataOfType(json, 'terraform_remote_state');
  if (reads.length === 0) return 'not-applicable';
  return findings(
    reads.flatMap(([name, block]) => {
      const upstream = upstreamStackOf(stackName, name, block, stacks);
      if (!upstream) return [`RemoteState::unidentified:${name}`];
      const sensitive = Object.values(upstream.json.output ?? {}).some((output) => output.sensitive === true);
      return sensitive ? [`RemoteState::${upstream.name}`] : [];
    }),
  );
}
