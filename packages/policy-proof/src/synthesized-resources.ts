/**
 * The resources of a synthesized stack as the resource rules see them: each argument resolved
 * through the stack's references (names, ARNs, `data.aws_iam_policy_document` JSON); a reference the
 * resolver cannot follow is an unknown value, which a rule that needs it reports.
 */
import { ArgumentValue, PolicyResource } from './policy-resources';
import { StackReferences } from './references';
import { SynthesizedStack, TerraformBlock } from './synthesized-stack';

const REFERENCE = /\$\{\s*((?:data\.)?[a-z0-9_]+\.[A-Za-z0-9_-]+)/g;

/** Every resource of `stack`; `refs` resolves references (undefined for a stack without AWS context). */
export function synthesizedResources(stack: SynthesizedStack, refs: StackReferences | undefined): PolicyResource[] {
  return Object.entries(stack.json.resource ?? {}).flatMap(([type, blocks]) =>
    Object.entries(blocks).map(([name, block]) => synthesizedResource(`${type}.${name}`, type, block, refs)),
  );
}

function synthesizedResource(address: string, type: string, block: TerraformBlock, refs: StackReferences | undefined): PolicyResource {
  return {
    address,
    type,
    argument(name: string): ArgumentValue {
      const raw = block[name];
      if (raw === undefined || raw === null) return computed(address, name, refs);
      if (!refs) {
        return JSON.stringify(raw).includes('${')
          ? { state: 'unknown', reason: `${name} has a reference and the stack has no AWS context to resolve it` }
          : { state: 'known', value: raw };
      }
      try {
        return { state: 'known', value: refs.resolveDeep(raw, refs.where(address)) };
      } catch (error) {
        return { state: 'unknown', reason: (error as Error).message };
      }
    },
    references(name: string): readonly string[] {
      const text = JSON.stringify(block[name] ?? '');
      return [...new Set([...text.matchAll(REFERENCE)].map((match) => match[1]))];
    },
  };
}

/** An attribute the block does not set but the resolver computes (an ARN from the name), or absent. */
function computed(address: string, name: string, refs: StackReferences | undefined): ArgumentValue {
  if (!refs) return { state: 'absent' };
  try {
    return { state: 'known', value: refs.resolveReference(`\${${address}.${name}}`, refs.where(address)) };
  } catch {
    return { state: 'absent' };
  }
}
