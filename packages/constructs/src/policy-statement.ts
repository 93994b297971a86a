/**
 * Typed IAM policy statements, so a policy reads like the runbook it comes from:
 * one `statement({...})` per Sid, in the seed's order, rendered to the JSON IAM expects.
 */

/** IAM condition block: operator -> condition key -> value(s). */
export type PolicyConditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** The principal of a trust-policy statement. */
export type PolicyPrincipal = Readonly<{ Service?: string | readonly string[]; AWS?: string | readonly string[]; Federated?: string }>;

/** Props of one statement. */
export interface PolicyStatementProps {
  /** Statement id, as named in the seed. @default - no Sid */
  readonly sid?: string;
  /** @default 'Allow' */
  readonly effect?: 'Allow' | 'Deny';
  /** IAM actions (`service:Action`). */
  readonly actions: readonly string[];
  /** Resource ARNs; omitted for trust policies. @default - no Resource element */
  readonly resources?: readonly string[];
  /** Principal, for trust policies only. @default - no Principal element */
  readonly principal?: PolicyPrincipal;
  /** Conditions. @default - none */
  readonly conditions?: PolicyConditions;
}

/** A statement as IAM's JSON grammar spells it. */
export interface PolicyStatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: PolicyPrincipal;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: PolicyConditions;
}

/** A policy document as IAM's JSON grammar spells it. */
export interface PolicyDocumentJson {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatementJson[];
}

/** One statement. Throws when it could never be valid, naming the prop to fix. */
export function statement(props: PolicyStatementProps): PolicyStatementJson {
  if (props.actions.length === 0) throw new Error(`statement ${props.sid ?? '(no Sid)'}: actions must not be empty`);
  if (props.resources !== undefined && props.resources.length === 0) {
    throw new Error(`statement ${props.sid ?? '(no Sid)'}: resources must not be empty (omit it for a trust policy)`);
  }
  if (props.sid !== undefined && !/^[A-Za-z0-9]+$/.test(props.sid)) {
    throw new Error(`statement Sid "${props.sid}": a Sid takes letters and digits only`);
  }
  return {
    ...(props.sid ? { Sid: props.sid } : {}),
    Effect: props.effect ?? 'Allow',
    ...(props.principal ? { Principal: props.principal } : {}),
    Action: props.actions.length === 1 ? props.actions[0] : [...props.actions],
    ...(props.resources ? { Resource: props.resources.length === 1 ? props.resources[0] : [...props.resources] } : {}),
    ...(props.conditions ? { Condition: props.conditions } : {}),
  };
}

/** A whole policy document. Sids must be unique. */
export function policyDocument(statements: readonly PolicyStatementJson[]): PolicyDocumentJson {
  const sids = statements.map((s) => s.Sid).filter((sid): sid is string => sid !== undefined);
  const duplicate = sids.find((sid, i) => sids.indexOf(sid) !== i);
  if (duplicate) throw new Error(`policy document: Sid "${duplicate}" appears twice`);
  return { Version: '2012-10-17', Statement: statements };
}

/**
 * The document as the JSON string an `aws_iam_*_policy.policy` argument takes. Terraform references
 * (cdktf tokens) inside ARNs stay as `${...}` interpolations in the string.
 */
export function policyJson(statements: readonly PolicyStatementJson[]): string {
  return JSON.stringify(policyDocument(statements));
}
