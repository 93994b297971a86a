/**
 * What a stack's proof says about access: the sentences of its seed that say what a principal may or
 * may not do, each with the requests that prove it. Pure data; the simulator (AGPL, test and report
 * time only) lives behind the `./simulation` entry point. Each stack writes its own sentences
 * (stacks/<stack>/proof/), reading names from the stack's public attributes.
 */
import { secretArnSuffix } from './references';

/** What the simulation must conclude. */
export type Expectation = 'Allowed' | 'Denied';

/** A request made with the principal's own identity policies. */
export interface IdentityCheck {
  readonly kind: 'identity';
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  readonly expect: Expectation;
  /** For an allowed request: the Sid that must be the one allowing it. */
  readonly by?: string;
}

/** A request by another principal to assume the role, judged by the role's trust policy. */
export interface AssumeCheck {
  readonly kind: 'assume';
  /** Service principal (`ecs-tasks.amazonaws.com`), OIDC provider ARN or IAM ARN. */
  readonly principal: string;
  readonly action: 'sts:AssumeRole' | 'sts:AssumeRoleWithWebIdentity';
  readonly context?: Readonly<Record<string, string | readonly string[]>>;
  /** Identity policies of the requesting principal (e.g. an administrator of the same account). */
  readonly principalPolicies?: readonly { readonly name: string; readonly policy: unknown }[];
  readonly expect: Expectation;
}

export type AccessCheck = IdentityCheck | AssumeCheck;

/** One sentence of a seed and the requests that prove it. */
export interface AccessSentence {
  /** Seed file it comes from. */
  readonly seed: string;
  /** The sentence (test name). */
  readonly text: string;
  /** Stack of the principal. */
  readonly stack: string;
  /** Terraform address of the principal (`aws_iam_user.uploader`). */
  readonly principal: string;
  readonly checks: readonly AccessCheck[];
}

/** A request the principal's identity policies must allow (`by`: the Sid that must decide it). */
export const allowed = (action: string, resource: string, by?: string, context?: IdentityCheck['context']): IdentityCheck => ({
  kind: 'identity',
  action,
  resource,
  expect: 'Allowed',
  ...(by ? { by } : {}),
  ...(context ? { context } : {}),
});
/** A request the principal's identity policies must deny. */
export const denied = (action: string, resource: string, context?: IdentityCheck['context']): IdentityCheck => ({
  kind: 'identity',
  action,
  resource,
  expect: 'Denied',
  ...(context ? { context } : {}),
});

/** ARN of a Secrets Manager secret, with the 6-character suffix AWS appends. */
export function secretArn(region: string, account: string, name: string): string {
  return `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${secretArnSuffix(name)}`;
}

/** An identity policy granting everything, for "not even an administrator" checks. */
export const ADMINISTRATOR = {
  name: 'AdministratorAccess',
  policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
} as const;

