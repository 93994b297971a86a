/**
 * Resources as the resource rules see them, whatever their source: a synthesized stack (arguments
 * resolved through the stack's references) or a Terraform plan (`resource_changes[].change.after`).
 * An argument is known, known only after apply (with why), or absent; a rule that must see a value
 * it cannot see reports it, never skips it.
 */
import { PolicyDocument, StatementJson } from './policy-document';

/** The value of one argument of a resource. */
export type ArgumentValue =
  | { readonly state: 'known'; readonly value: unknown }
  /** `configured: false` when the configuration shows the argument is not set (a provider-computed default). */
  | { readonly state: 'unknown'; readonly reason: string; readonly configured?: boolean }
  | { readonly state: 'absent' };

/** One managed resource of a configuration or a plan. */
export interface PolicyResource {
  /** Terraform address (`aws_s3_bucket_policy.assets`, `module.m.aws_iam_policy.p[0]`). */
  readonly address: string;
  readonly type: string;
  /** The argument (or computed attribute) `name` once applied. */
  argument(name: string): ArgumentValue;
  /** Addresses of the resources and data sources the argument's expression refers to (no index). */
  references(name: string): readonly string[];
}

/** What a policy argument holds. */
export type DocumentKind = 'identity' | 'resource' | 'trust';

/** One argument that holds a policy document. */
export interface DocumentArgument {
  readonly argument: string;
  readonly kind: DocumentKind;
  /** Whether the resource is meaningless without it (an optional one may be left to the provider). */
  readonly required: boolean;
}

const identity = (argument = 'policy'): DocumentArgument => ({ argument, kind: 'identity', required: true });
const resourcePolicy = (argument = 'policy', required = true): DocumentArgument => ({ argument, kind: 'resource', required });

/** Every argument that holds a policy document, by resource type. */
export const POLICY_DOCUMENT_ARGUMENTS: Readonly<Record<string, readonly DocumentArgument[]>> = {
  aws_iam_user_policy: [identity()],
  aws_iam_role_policy: [identity()],
  aws_iam_group_policy: [identity()],
  aws_iam_policy: [identity()],
  aws_iam_role: [{ argument: 'assume_role_policy', kind: 'trust', required: true }],
  aws_s3_bucket_policy: [resourcePolicy()],
  aws_s3_bucket: [resourcePolicy('policy', false)],
  aws_s3_access_point: [resourcePolicy('policy', false)],
  aws_s3control_access_point_policy: [resourcePolicy()],
  aws_secretsmanager_secret_policy: [resourcePolicy()],
  aws_secretsmanager_secret: [resourcePolicy('policy', false)],
  aws_sns_topic_policy: [resourcePolicy()],
  aws_sns_topic: [resourcePolicy('policy', false)],
  aws_sqs_queue_policy: [resourcePolicy()],
  aws_sqs_queue: [resourcePolicy('policy', false)],
  aws_kms_key_policy: [resourcePolicy()],
  aws_kms_key: [resourcePolicy('policy', false)],
  aws_ecr_repository_policy: [resourcePolicy()],
  aws_efs_file_system_policy: [resourcePolicy()],
  aws_backup_vault_policy: [resourcePolicy()],
  aws_glacier_vault: [resourcePolicy('access_policy', false)],
  aws_cloudwatch_log_resource_policy: [resourcePolicy('policy_document')],
  aws_opensearch_domain_policy: [resourcePolicy('access_policies')],
  aws_elasticsearch_domain_policy: [resourcePolicy('access_policies')],
  aws_api_gateway_rest_api_policy: [resourcePolicy()],
};

/** A document argument read, or the one-word problem (`missing`, `unknown`, `not-json`, ...) and why. */
export type DocumentRead =
  | { readonly ok: true; readonly document: PolicyDocument }
  | { readonly ok: false; readonly problem: 'missing' | 'unknown' | 'not-a-string' | 'not-json' | 'no-statement' | 'invalid-statement'; readonly reason: string }
  /** An optional argument left to the provider. */
  | { readonly ok: 'unset' };

function isStatement(value: unknown): value is StatementJson {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const effect = (value as { Effect?: unknown }).Effect;
  return effect === 'Allow' || effect === 'Deny';
}

/** Parses a document's text. */
export function readDocumentText(text: string): DocumentRead {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: 'not-json', reason: `not JSON (${(error as Error).message})` };
  }
  if (typeof parsed !== 'object' || parsed === null || !('Statement' in parsed)) return { ok: false, problem: 'no-statement', reason: 'no Statement' };
  const statement = (parsed as { Statement: unknown }).Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  if (!statements.every(isStatement)) return { ok: false, problem: 'invalid-statement', reason: 'a statement is not an object with Effect Allow or Deny' };
  return { ok: true, document: parsed as PolicyDocument };
}

/** The policy document an argument value holds. */
export function readDocumentValue(value: ArgumentValue, required: boolean): DocumentRead {
  if (value.state === 'absent') return required ? { ok: false, problem: 'missing', reason: 'missing' } : { ok: 'unset' };
  if (value.state === 'unknown') {
    if (!required && value.configured === false) return { ok: 'unset' };
    return { ok: false, problem: 'unknown', reason: value.reason };
  }
  if (typeof value.value !== 'string') return { ok: false, problem: 'not-a-string', reason: 'not a string' };
  if (value.value.trim() === '') return required ? { ok: false, problem: 'missing', reason: 'empty' } : { ok: 'unset' };
  return readDocumentText(value.value);
}

/** Every document argument of `resource` (the table above), with what was read. */
export function resourceDocuments(resource: PolicyResource): { readonly argument: string; readonly kind: DocumentKind; readonly read: DocumentRead }[] {
  const documents = (POLICY_DOCUMENT_ARGUMENTS[resource.type] ?? []).map(({ argument, kind, required }) => ({
    argument,
    kind,
    read: readDocumentValue(resource.argument(argument), required),
  }));
  if (resource.type === 'aws_iam_role') documents.push(...inlinePolicies(resource));
  return documents;
}

/** `aws_iam_role.inline_policy` blocks: each named one must have a readable policy; an empty block (no name, no policy) removes them all. */
function inlinePolicies(role: PolicyResource): { argument: string; kind: DocumentKind; read: DocumentRead }[] {
  const blocks = role.argument('inline_policy');
  if (blocks.state === 'absent') return [];
  if (blocks.state === 'unknown') return [{ argument: 'inline_policy', kind: 'identity', read: { ok: false, problem: 'unknown', reason: blocks.reason } }];
  if (!Array.isArray(blocks.value)) return [];
  return blocks.value.flatMap((block: unknown, index: number) => {
    const { name, policy } = (block ?? {}) as { name?: unknown; policy?: unknown };
    const hasName = typeof name === 'string' && name !== '';
    const hasPolicy = policy !== undefined && policy !== null && policy !== '';
    if (!hasName && !hasPolicy) return [];
    const value: ArgumentValue = hasPolicy ? { state: 'known', value: policy } : { state: 'absent' };
    return [{ argument: `inline_policy[${hasName ? String(name) : index}].policy`, kind: 'identity' as const, read: readDocumentValue(value, true) }];
  });
}

/** An address without instance keys (`module.m["a"].aws_x.y[0]` -> `module.m.aws_x.y`). */
export function addressWithoutIndex(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

/** The resources of `resources` that `referenced` (addresses without index) names. */
export function referencedResources(resources: readonly PolicyResource[], referenced: readonly string[]): PolicyResource[] {
  const wanted = new Set(referenced);
  return resources.filter((resource) => wanted.has(resource.address) || wanted.has(addressWithoutIndex(resource.address)));
}

/** A known string value, or undefined. */
export function knownString(value: ArgumentValue): string | undefined {
  return value.state === 'known' && typeof value.value === 'string' ? value.value : undefined;
}
