/**
 * Proves the sentences: every check simulated on the resolved principals, each outcome a value with a
 * one-line message that names the deciding statement.
 */
import { Principal } from '../principals';
import { AccessCheck, AccessSentence } from '../access-sentence';
import { SimulatedDecision, describeCheck, simulateCheck } from './access-simulator';

/** One check of one sentence, simulated. */
export interface CheckOutcome {
  readonly sentence: AccessSentence;
  readonly check: AccessCheck;
  readonly principal: Principal;
  readonly decision: SimulatedDecision;
  /** Whether the decision is the expected one (and, for `by`, by the expected Sid). */
  readonly holds: boolean;
  /** One line: what was asked, what was expected, what the simulator decided and why. */
  readonly message: string;
}

function explain(decision: SimulatedDecision): string {
  if (decision.decisive.length === 0) return `${decision.result} (no statement allows it)`;
  return `${decision.result} by ${decision.decisive.join(' and ')}`;
}

/** Simulates every check of `sentence` against the principals of its stack. */
export async function proveSentence(sentence: AccessSentence, principals: readonly Principal[]): Promise<CheckOutcome[]> {
  const principal = principals.find((p) => p.stack === sentence.stack && p.address === sentence.principal);
  if (!principal) throw new Error(`${sentence.stack}: no principal ${sentence.principal} for "${sentence.text}"`);
  return Promise.all(
    sentence.checks.map(async (check) => {
      const decision = await simulateCheck(principal, check);
      const sidHolds = check.kind !== 'identity' || !check.by || decision.decisiveSids.includes(check.by);
      const holds = decision.decision === check.expect && sidHolds;
      const expected = check.kind === 'identity' && check.by ? `${check.expect} by Sid ${check.by}` : check.expect;
      const message = `${sentence.stack} ${principal.address} ${describeCheck(check)}: expected ${expected}, ${holds ? 'and' : 'but'} ${explain(decision)}`;
      return { sentence, check, principal, decision, holds, message };
    }),
  );
}
