import { PolicyDocument, normalizedStatements } from '../policy-document';
import { PolicyResource, knownString, referencedResources, resourceDocuments } from '../policy-resources';
import { ResourceSubject, RuleResult, findings } from './rule';

/** AWS managed policies that make their holder an administrator (or able to make itself one). */
const ADMIN_MANAGED_POLICY = /^arn:aws[a-z-]*:iam::aws:policy\/(AdministratorAccess(-[A-Za-z0-9]+)?|IAMFullAccess|PowerUserAccess)$/;

/** Group names that say "administrators" (`Administrators`, `prod-admins`, `SuperAdmins`). */
const ADMIN_WORDS = new Set(['admin', 'admins', 'administrator', 'administrators']);

/** Attachments of a managed policy, and where their targets are. */
const ATTACHMENTS = ['aws_iam_user_policy_attachment', 'aws_iam_role_policy_attachment', 'aws_iam_group_policy_attachment', 'aws_iam_policy_attachment'];

function adminLikeName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase());
  return words.some((word) => ADMIN_WORDS.has(word));
}

/** A document with an Allow of every action (`*`, `iam:*` or NotAction) on every resource. */
export function adminLikeDocument(document: PolicyDocument): boolean {
  return normalizedStatements(document).some(
    (s) =>
      s.effect === 'Allow' &&
      (s.notActions.length > 0 || s.actions.some((action) => action === '*' || action.toLowerCase() === 'iam:*')) &&
      (s.notResources.length > 0 || s.resources.includes('*')),
  );
}

function ofType(resources: readonly PolicyResource[], type: string): PolicyResource[] {
  return resources.filter((resource) => resource.type === type);
}

/** Whether a resource's (identity) documents are admin-like. */
function grantsAdmin(policy: PolicyResource): boolean {
  return resourceDocuments(policy).some((d) => d.read.ok === true && adminLikeDocument(d.read.document));
}

/**
 * The finding for attaching `policy_arn` of `attachment`: an admin AWS managed policy, a customer
 * policy of the configuration whose document is admin-like, or an ARN the rule cannot see.
 */
function attachedPolicyFindings(attachment: PolicyResource, resources: readonly PolicyResource[]): string[] {
  const value = attachment.argument('policy_arn');
  const arn = knownString(value);
  if (arn !== undefined && ADMIN_MANAGED_POLICY.test(arn)) return [`PolicyArn::${arn}`];
  const customer = ofType(resources, 'aws_iam_policy');
  const named = [
    ...referencedResources(customer, attachment.references('policy_arn')),
    ...(arn !== undefined ? customer.filter((policy) => knownString(policy.argument('arn')) === arn) : []),
  ];
  if (named.some(grantsAdmin)) return [...new Set(named.filter(grantsAdmin).map((policy) => `Policy::${policy.address}`))];
  if (arn === undefined && named.length === 0) return [`PolicyArn::${value.state === 'unknown' ? 'unknown' : 'missing'}`];
  return [];
}

/** Names of the groups an argument names (resolved, or through the group resources it refers to); `undefined` for one it cannot see. */
function groupNames(resource: PolicyResource, argument: string, resources: readonly PolicyResource[]): (string | undefined)[] {
  const value = resource.argument(argument);
  if (value.state === 'known') return (Array.isArray(value.value) ? value.value : [value.value]).map((name) => (typeof name === 'string' ? name : undefined));
  if (value.state === 'absent') return [];
  const groups = referencedResources(ofType(resources, 'aws_iam_group'), resource.references(argument));
  return groups.length > 0 ? groups.map((group) => knownString(group.argument('name'))) : [undefined];
}

/** Whether group `name` is admin-like by name or by what the configuration grants it. */
function adminGroup(name: string, resources: readonly PolicyResource[]): boolean {
  if (adminLikeName(name)) return true;
  const targets = (resource: PolicyResource, argument: string) => groupNames(resource, argument, resources).includes(name);
  // An attachment the rule cannot see is its own finding; only a seen admin grant makes the group admin.
  const attachesAdmin = (attachment: PolicyResource) => attachedPolicyFindings(attachment, resources).some((f) => !/::(unknown|missing)$/.test(f));
  return (
    ofType(resources, 'aws_iam_group_policy_attachment').some((a) => targets(a, 'group') && attachesAdmin(a)) ||
    ofType(resources, 'aws_iam_policy_attachment').some((a) => targets(a, 'groups') && attachesAdmin(a)) ||
    ofType(resources, 'aws_iam_group_policy').some((p) => targets(p, 'group') && grantsAdmin(p))
  );
}

/**
 * No attachment or group membership grants administrator-like access: the AWS managed
 * AdministratorAccess, IAMFullAccess or PowerUserAccess (`PolicyArn::...`), a customer policy of the
 * same configuration that allows `*` or `iam:*` on `*` (`Policy::aws_iam_policy.x`), or a group named
 * like Administrators or granted one of those (`Group::Administrators`). A policy or group the rule
 * cannot see (known only after apply, outside the configuration) is a finding too (`...::unknown`).
 */
export function iamNoAdminGrant({ resource, resources }: ResourceSubject): RuleResult {
  if (ATTACHMENTS.includes(resource.type)) return findings(attachedPolicyFindings(resource, resources));
  if (resource.type === 'aws_iam_role') {
    const arns = resource.argument('managed_policy_arns');
    if (arns.state !== 'known' || !Array.isArray(arns.value)) return 'not-applicable';
    return findings(arns.value.filter((arn): arn is string => typeof arn === 'string' && ADMIN_MANAGED_POLICY.test(arn)).map((arn) => `PolicyArn::${arn}`));
  }
  const argument = resource.type === 'aws_iam_user_group_membership' ? 'groups' : resource.type === 'aws_iam_group_membership' ? 'group' : undefined;
  if (argument === undefined) return 'not-applicable';
  return findings(
    groupNames(resource, argument, resources).flatMap((name) => (name === undefined ? ['Group::unknown'] : adminGroup(name, resources) ? [`Group::${name}`] : [])),
  );
}
