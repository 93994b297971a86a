/** A rotation plan as JSON: the plan value itself (it holds no key material, only addresses and commands). */
import type { Runbook } from '../runbook';

/** Plans as a JSON document: `{ "plans": [...] }`. */
export function renderPlansJson(plans: readonly Runbook[]): string {
  return JSON.stringify({ plans }, null, 2) + '\n';
}
