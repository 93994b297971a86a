import type { TerraformResource } from 'cdktf';
import { TerraformStack } from 'cdktf';

/**
 * `moved` blocks written as a stack override instead of cdktf's `moveFromId`.
 *
 * cdktf adds, to every stack with a move, a validation that runs `terraform version` in a child
 * process at synthesis (to check Terraform >= 1.5). Six stacks with moves made `npm run synth` spend
 * about 1.2 s of its 1.7 s there; this repository pins Terraform 1.11 (README, Terraform Cloud
 * workspaces `~> 1.11.0`), so the check buys nothing. The JSON is the same: a top-level
 * `moved: [{ from, to }]`.
 */
const MOVES = new WeakMap<TerraformStack, Array<{ from: string; to: string }>>();

/** Records that `resource` was known as `fromAddress` (`<type>.<name>`): Terraform moves its state. */
export function moveStateFrom(resource: TerraformResource, fromAddress: string): void {
  const stack = TerraformStack.of(resource);
  const to = `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
  if (fromAddress === to) throw new Error(`moveStateFrom: ${to} cannot move from itself`);
  const moves = MOVES.get(stack) ?? [];
  if (moves.some((move) => move.to === to)) throw new Error(`moveStateFrom: ${to} already moves from ${moves.find((move) => move.to === to)?.from}`);
  moves.push({ from: fromAddress, to });
  MOVES.set(stack, moves);
  stack.addOverride('moved', moves.map((move) => ({ ...move })));
}
