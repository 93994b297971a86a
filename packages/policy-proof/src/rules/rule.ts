/**
 * What a rule is: a small pure function over one subject (a policy statement or a whole stack),
 * returning compliant, non-compliant, not applicable, or granular findings (`Action::s3:*`) so that
 * one finding can be allowed without silencing the rule.
 */
import { IamCatalog } from '../iam-catalog';
import { NormalizedStatement } from '../policy-document';
import { PolicyResource } from '../policy-resources';
import { PolicyOrigin } from '../principals';
import { SynthesizedStack, TerraformJson } from '../synthesized-stack';

/** The outcome of one rule on one subject; a non-empty list of findings is non-compliant. */
export type RuleResult = 'compliant' | 'non-compliant' | 'not-applicable' | readonly string[];

/** One statement of a policy the stack defines. */
export interface StatementSubject {
  readonly statement: NormalizedStatement;
  /** Identity policy or trust policy. */
  readonly origin: PolicyOrigin;
  readonly catalog: IamCatalog;
}

/** A whole synthesized stack. */
export interface StackSubject {
  readonly stackName: string;
  readonly json: TerraformJson;
  /** Every stack of the same synthesis (itself included), for rules about what stacks read of each other. */
  readonly stacks: readonly SynthesizedStack[];
}

/**
 * One resource of a configuration, synthesized or planned (arguments resolved or planned, unknown
 * ones marked), with the other resources of the same configuration for the lookups a grant needs
 * (the customer policy an attachment names, the policies of a group).
 */
export interface ResourceSubject {
  readonly stackName: string;
  readonly resource: PolicyResource;
  /** Every resource of the same configuration (the subject included). */
  readonly resources: readonly PolicyResource[];
}

/** A rule over statements. */
export type StatementRule = (subject: StatementSubject) => RuleResult;
/** A rule over stacks. */
export type StackRule = (subject: StackSubject) => RuleResult;

/** A rule over resources. */
export type ResourceRule = (subject: ResourceSubject) => RuleResult;

/** A list of findings, or compliant when it is empty. */
export function findings(list: readonly string[]): RuleResult {
  return list.length === 0 ? 'compliant' : [...new Set(list)];
}
