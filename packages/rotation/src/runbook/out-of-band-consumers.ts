/**
 * Consumers of a credential that Terraform does not manage (Aembit's credential provider, an
 * operator's copy), declared on the credential's `//` block (`raxx_out_of_band_consumers`, see
 * @raxx/constructs `declareOutOfBandConsumers`). Each gets its own runbook step: read the outputs it
 * copies into shell variables (never printed), put them in place, forget them, then check.
 */
import type { OutOfBandConsumer } from '@raxx/terraform-json';
import { OUT_OF_BAND_CONSUMERS_KEY } from '@raxx/terraform-json';
import type { GraphNode, StackGraph } from '../graph/graph';
import { isJsonObject } from '../graph/terraform-json';
import type { JsonValue } from '../graph/terraform-json';
import type { Command, FollowUp, KeyFlow, Risk } from './types';

export { OUT_OF_BAND_CONSUMERS_KEY };

function isCommandList(value: JsonValue | undefined): boolean {
  return Array.isArray(value) && value.length > 0 && value.every((item) => isJsonObject(item) && typeof item.description === 'string' && typeof item.command === 'string');
}

function isConsumer(value: JsonValue): value is JsonValue & OutOfBandConsumer {
  if (!isJsonObject(value)) return false;
  const { name, place, fields, update, check, expect, source } = value;
  return (
    typeof name === 'string' &&
    typeof place === 'string' &&
    typeof expect === 'string' &&
    typeof source === 'string' &&
    isJsonObject(fields) &&
    Object.keys(fields).length > 0 &&
    Object.entries(fields).every(([variable, output]) => /^[A-Z][A-Z0-9_]*$/.test(variable) && typeof output === 'string') &&
    isCommandList(update) &&
    isCommandList(check)
  );
}

/** The consumers declared on `node`, and how many declared entries could not be read. */
export function outOfBandConsumersOf(node: GraphNode): { consumers: OutOfBandConsumer[]; malformed: number } {
  const declared = node.comment?.[OUT_OF_BAND_CONSUMERS_KEY];
  if (declared === undefined) return { consumers: [], malformed: 0 };
  const list = Array.isArray(declared) ? declared : [declared];
  const consumers = list.filter(isConsumer);
  return { consumers, malformed: list.length - consumers.length };
}

/** What the consumers of one credential add to a replace runbook. */
export interface ConsumerSteps {
  readonly followUps: FollowUp[];
  readonly flows: KeyFlow[];
  readonly risks: Risk[];
  readonly verification: Command[];
  /** Outputs the declared consumers copy (no generic "copies of outputs" step is needed for them). */
  readonly coveredOutputs: ReadonlySet<string>;
  readonly warnings: string[];
}

/** The runbook steps of the out-of-band consumers declared on `node` of `stack`. */
export function consumerSteps(stack: StackGraph, node: GraphNode): ConsumerSteps {
  const { consumers, malformed } = outOfBandConsumersOf(node);
  const steps: ConsumerSteps = { followUps: [], flows: [], risks: [], verification: [], coveredOutputs: new Set(), warnings: [] };
  if (malformed > 0) {
    steps.warnings.push(`${stack.name}: ${malformed} out-of-band consumer declaration(s) on ${node.address} could not be read and are not in this runbook; find their holders by hand`);
  }
  for (const consumer of consumers) {
    const variables = Object.keys(consumer.fields).sort();
    const outputs = variables.map((variable) => consumer.fields[variable]);
    const missing = outputs.filter((output) => !stack.nodes.has(`output.${output}`));
    if (missing.length > 0) steps.warnings.push(`${stack.name}: out-of-band consumer ${consumer.name} copies ${missing.join(', ')}, which the stack does not output`);
    for (const output of outputs) (steps.coveredOutputs as Set<string>).add(output);
    steps.followUps.push({
      kind: 'out-of-band-consumer',
      stack: stack.name,
      address: node.address,
      name: consumer.name,
      place: consumer.place,
      outputs,
      commands: [
        ...variables.map((variable) => ({
          description: `read output ${consumer.fields[variable]} into $${variable} (not printed)`,
          command: `${variable}=$(terraform -chdir=${stack.directory} output -raw ${consumer.fields[variable]})`,
        })),
        ...consumer.update,
        { description: 'forget the key material', command: `unset ${variables.join(' ')}` },
      ],
      check: consumer.check,
      expect: consumer.expect,
      source: consumer.source,
    });
    steps.flows.push({
      stack: stack.name,
      address: consumer.name,
      via: 'out-of-band consumer',
      description: `${consumer.place}; copies ${outputs.join(', ')} (updated by hand, step 5)`,
    });
    steps.risks.push({
      summary: `${consumer.name} (${consumer.place}) keeps handing out the deleted key from the apply until it is updated by hand.`,
      mitigation: `Update it right after the apply (the Follow-ups section) and run its check; it is outside Terraform, so no plan shows it.`,
    });
    steps.verification.push(...consumer.check.map((command) => ({ description: `${consumer.name}: ${command.description}`, command: command.command })));
  }
  return steps;
}
