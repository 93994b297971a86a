/**
 * IAM policy documents as this package reads them: the JSON grammar, and statements normalized to
 * lists so a rule never has to ask whether `Action` is a string or an array.
 */

/** `Condition`: operator -> key -> value(s). */
export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** `Principal`: `*` or type -> identifier(s). */
export type PrincipalBlock = '*' | Readonly<Record<string, string | readonly string[]>>;

/** One statement as IAM's JSON grammar allows it. */
export interface StatementJson {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: PrincipalBlock;
  readonly NotPrincipal?: PrincipalBlock;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: ConditionBlock;
}

/** A policy document. */
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: StatementJson | readonly StatementJson[];
}

/** A statement with every list element as a list. */
export interface NormalizedStatement {
  readonly sid?: string;
  /** Position in its document, from 0: names a statement that has no Sid. */
  readonly index: number;
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principal?: PrincipalBlock;
  readonly notPrincipal?: PrincipalBlock;
  readonly conditions: readonly { readonly operator: string; readonly key: string; readonly values: readonly string[] }[];
}

const list = (value: string | readonly string[] | undefined): readonly string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : value;

/** The statements of `document`, normalized. */
export function normalizedStatements(document: PolicyDocument): NormalizedStatement[] {
  const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement as StatementJson];
  return statements.map((s, index) => ({
    sid: s.Sid,
    index,
    effect: s.Effect,
    actions: list(s.Action),
    notActions: list(s.NotAction),
    resources: list(s.Resource),
    notResources: list(s.NotResource),
    principal: s.Principal,
    notPrincipal: s.NotPrincipal,
    conditions: Object.entries(s.Condition ?? {}).flatMap(([operator, keys]) =>
      Object.entries(keys as Readonly<Record<string, string | readonly string[]>>).map(([key, values]) => ({ operator, key, values: list(values) })),
    ),
  }));
}

/** How a statement is named in messages: its Sid, or its position when it has none. */
export function statementLabel(statement: Pick<NormalizedStatement, 'sid' | 'index'>): string {
  return statement.sid ? `Sid ${statement.sid}` : `statement #${statement.index} (no Sid)`;
}

/** Parses a policy argument; the message names where it came from. */
export function parsePolicyDocument(json: string, where: string): PolicyDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`${where}: policy is not JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed)) {
    throw new Error(`${where}: policy has no Statement`);
  }
  return parsed as PolicyDocument;
}
