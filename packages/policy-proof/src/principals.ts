/**
 * Each principal of a synthesized stack (IAM users and roles) with its effective identity policies and,
 * for a role, its trust policy: inline user and role policies, `data.aws_iam_policy_document`s they
 * use, customer managed policies of the stack and the cited AWS managed policies they attach.
 */
import { AWS_MANAGED_POLICIES } from './aws-managed-policies';
import { PolicyDocument, parsePolicyDocument } from './policy-document';
import { StackReferences } from './references';
import { TerraformBlock, resourcesOfType } from './synthesized-stack';

/** Where a policy document comes from. */
export type PolicyOrigin = 'inline' | 'customer-managed' | 'aws-managed' | 'trust';

/** A policy document with the Terraform address that defines it. */
export interface LocatedPolicy {
  /** Stack of the policy. */
  readonly stack: string;
  /** Terraform address (`aws_iam_user_policy.uploader_policy`), or the managed policy's ARN. */
  readonly address: string;
  /** The `data.aws_iam_policy_document` its JSON comes from, if any. */
  readonly via?: string;
  readonly origin: PolicyOrigin;
  /** The document, every Terraform reference resolved. */
  readonly document: PolicyDocument;
}

/** An IAM user or role of a stack. */
export interface Principal {
  readonly kind: 'user' | 'role';
  /** Stack of the principal. */
  readonly stack: string;
  /** Terraform address (`aws_iam_user.uploader`). */
  readonly address: string;
  /** IAM name (`tomoda-uploader-dev`). */
  readonly name: string;
  /** ARN, from account, path and name. */
  readonly arn: string;
  readonly accountId: string;
  /** Identity policies, in the order of the stack. */
  readonly identityPolicies: readonly LocatedPolicy[];
  /** The role's trust policy (`assume_role_policy`). */
  readonly trustPolicy?: LocatedPolicy;
}

const DATA_DOCUMENT = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/;

/** Resource types that change a principal's permissions but are not modelled: an error, not a gap. */
const UNMODELLED = ['aws_iam_group_policy', 'aws_iam_group_policy_attachment', 'aws_iam_user_group_membership', 'aws_iam_group_membership'];

/** The policy argument of `address` resolved and parsed. */
export function locatePolicy(refs: StackReferences, address: string, block: TerraformBlock, key: string, origin: PolicyOrigin): LocatedPolicy {
  const raw = block[key];
  if (typeof raw !== 'string') throw new Error(`${refs.where(address)}: argument "${key}" is missing or not a string`);
  const via = DATA_DOCUMENT.exec(raw)?.[1];
  const json = refs.resolveString(raw, refs.where(address));
  return {
    stack: refs.stack.name,
    address,
    ...(via ? { via: `data.aws_iam_policy_document.${via}` } : {}),
    origin,
    document: parsePolicyDocument(json, refs.where(address)),
  };
}

/** Every IAM user and role of the stack, with its policies. */
export function resolvePrincipals(refs: StackReferences): Principal[] {
  const stack = refs.stack.json;
  for (const type of UNMODELLED) {
    const [first] = resourcesOfType(stack, type);
    if (first) throw new Error(`${refs.where(`${type}.${first[0]}`)}: ${type} is not modelled by the policy proof`);
  }
  const managedPolicy = (policyArn: string, where: string): LocatedPolicy => {
    const aws = AWS_MANAGED_POLICIES[policyArn];
    if (aws) return { stack: refs.stack.name, address: policyArn, origin: 'aws-managed', document: aws.document };
    for (const [name, block] of resourcesOfType(stack, 'aws_iam_policy')) {
      const address = `aws_iam_policy.${name}`;
      if (refs.resolveReference(`\${${address}.arn}`, refs.where(address)) === policyArn) {
        return locatePolicy(refs, address, block, 'policy', 'customer-managed');
      }
    }
    throw new Error(`${where}: managed policy ${policyArn} is neither in the stack nor a known AWS managed policy (aws-managed-policies.ts)`);
  };

  const principals: Principal[] = [];
  for (const [kind, type] of [
    ['user', 'aws_iam_user'],
    ['role', 'aws_iam_role'],
  ] as const) {
    for (const [logicalName, block] of resourcesOfType(stack, type)) {
      const address = `${type}.${logicalName}`;
      if (block.permissions_boundary !== undefined) {
        throw new Error(`${refs.where(address)}: permissions_boundary is not modelled by the policy proof`);
      }
      const name = refs.resolveReference(`\${${address}.name}`, refs.where(address));
      const arn = refs.resolveReference(`\${${address}.arn}`, refs.where(address));
      const owns = (ownerKey: string) => (policyBlock: TerraformBlock, policyAddress: string) =>
        refs.argument(policyAddress, policyBlock, ownerKey) === name;
      const identityPolicies: LocatedPolicy[] = [];
      const inlineType = kind === 'user' ? 'aws_iam_user_policy' : 'aws_iam_role_policy';
      const attachmentType = kind === 'user' ? 'aws_iam_user_policy_attachment' : 'aws_iam_role_policy_attachment';
      for (const [policyName, policyBlock] of resourcesOfType(stack, inlineType)) {
        const policyAddress = `${inlineType}.${policyName}`;
        if (owns(kind)(policyBlock, policyAddress)) identityPolicies.push(locatePolicy(refs, policyAddress, policyBlock, 'policy', 'inline'));
      }
      for (const inline of (block.inline_policy ?? []) as TerraformBlock[]) {
        identityPolicies.push(locatePolicy(refs, `${address}.inline_policy[${String(inline.name)}]`, inline, 'policy', 'inline'));
      }
      for (const [attachmentName, attachment] of resourcesOfType(stack, attachmentType)) {
        const attachmentAddress = `${attachmentType}.${attachmentName}`;
        if (owns(kind)(attachment, attachmentAddress)) {
          identityPolicies.push(managedPolicy(refs.argument(attachmentAddress, attachment, 'policy_arn'), refs.where(attachmentAddress)));
        }
      }
      for (const policyArn of (block.managed_policy_arns ?? []) as string[]) {
        identityPolicies.push(managedPolicy(refs.resolveString(policyArn, refs.where(address)), refs.where(address)));
      }
      for (const [attachmentName, attachment] of resourcesOfType(stack, 'aws_iam_policy_attachment')) {
        const attachmentAddress = `aws_iam_policy_attachment.${attachmentName}`;
        const members = refs.resolveDeep((attachment[`${kind}s`] ?? []) as string[], refs.where(attachmentAddress));
        if (members.includes(name)) {
          identityPolicies.push(managedPolicy(refs.argument(attachmentAddress, attachment, 'policy_arn'), refs.where(attachmentAddress)));
        }
      }
      principals.push({
        kind,
        stack: refs.stack.name,
        address,
        name,
        arn,
        accountId: refs.context.accountId,
        identityPolicies,
        ...(kind === 'role' ? { trustPolicy: locatePolicy(refs, address, block, 'assume_role_policy', 'trust') } : {}),
      });
    }
  }
  return principals;
}

/**
 * Every policy document the stack itself defines (inline, customer managed, trust), resolved: what the
 * rule pack checks. AWS managed policies are AWS's, not the stack's, and are not in this list.
 */
export function stackPolicies(refs: StackReferences): LocatedPolicy[] {
  const stack = refs.stack.json;
  const policies: LocatedPolicy[] = [];
  for (const type of ['aws_iam_user_policy', 'aws_iam_role_policy', 'aws_iam_group_policy']) {
    for (const [name, block] of resourcesOfType(stack, type)) policies.push(locatePolicy(refs, `${type}.${name}`, block, 'policy', 'inline'));
  }
  for (const [name, block] of resourcesOfType(stack, 'aws_iam_policy')) {
    policies.push(locatePolicy(refs, `aws_iam_policy.${name}`, block, 'policy', 'customer-managed'));
  }
  for (const [name, block] of resourcesOfType(stack, 'aws_iam_role')) {
    policies.push(locatePolicy(refs, `aws_iam_role.${name}`, block, 'assume_role_policy', 'trust'));
    for (const inline of (block.inline_policy ?? []) as TerraformBlock[]) {
      policies.push(locatePolicy(refs, `aws_iam_role.${name}.inline_policy[${String(inline.name)}]`, inline, 'policy', 'inline'));
    }
  }
  return policies;
}
