/**
 * Terraform references inside a synthesized stack (`${aws_s3_bucket.static_assets.arn}`), resolved to
 * the values AWS will hold once applied: names from the resource's own arguments, account and region
 * from the configuration. Anything that cannot be known before apply is an error naming it.
 */
import { scanInterpolations } from '@raxx/terraform-json';
import { createHash } from 'node:crypto';
import { ConditionBlock, PolicyDocument, StatementJson } from './policy-document';
import { ResolutionContext } from './resolution-context';
import { SynthesizedStack, TerraformBlock } from './synthesized-stack';

/** A reference whose value cannot be known from the synthesized stack and the configuration. */
export class UnresolvableReferenceError extends Error {
  constructor(
    /** The reference as written, `${...}`. */
    public readonly reference: string,
    /** Stack and address where it was found. */
    public readonly where: string,
    why: string,
  ) {
    super(`${where}: cannot resolve ${reference}: ${why}`);
  }
}

const SIMPLE_REFERENCE = /^(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)$/;

/**
 * The 6-character suffix AWS appends to a secret's ARN (`-a1B2c3`). Random in AWS; here derived from
 * the name so the same stack always resolves to the same ARN.
 */
export function secretArnSuffix(secretName: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const digest = createHash('sha256').update(secretName).digest();
  return Array.from(digest.subarray(0, 6), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** Resolves the references of one synthesized stack. */
export class StackReferences {
  private readonly resolving = new Set<string>();

  constructor(
    public readonly stack: SynthesizedStack,
    public readonly context: ResolutionContext,
  ) {}

  /** `value` with every `${...}` replaced; `where` (an address) names it in errors. */
  resolveString(value: string, where: string): string {
    const scan = scanInterpolations(value);
    if (!scan.ok) throw new UnresolvableReferenceError(value, where, scan.error.detail);
    let out = '';
    let next = 0;
    for (const interpolation of scan.value) {
      out += unescapeTemplate(value.slice(next, interpolation.start));
      const written = value.slice(interpolation.start, interpolation.end);
      if (interpolation.kind === 'directive') throw new UnresolvableReferenceError(written, where, 'template directives are not understood');
      out += this.resolveReference(written, where);
      next = interpolation.end;
    }
    return out + unescapeTemplate(value.slice(next));
  }

  /** Every string inside `value` (arrays, objects) resolved. */
  resolveDeep<T>(value: T, where: string): T {
    if (typeof value === 'string') return this.resolveString(value, where) as T;
    if (Array.isArray(value)) return value.map((v) => this.resolveDeep(v, where)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolveDeep(v, where)])) as T;
    }
    return value;
  }

  /** The value of one `${...}` reference. */
  resolveReference(reference: string, where: string): string {
    const expression = reference.slice(2, -1).trim();
    const match = SIMPLE_REFERENCE.exec(expression);
    if (!match) throw new UnresolvableReferenceError(reference, where, 'only plain <type>.<name>.<attribute> references are understood');
    const [, dataPrefix, type, name, attribute] = match;
    const address = `${dataPrefix ?? ''}${type}.${name}`;
    const block = dataPrefix ? this.stack.json.data?.[type]?.[name] : this.stack.json.resource?.[type]?.[name];
    if (!block) throw new UnresolvableReferenceError(reference, where, `${address} is not in stack ${this.stack.name}`);
    if (this.resolving.has(address)) throw new UnresolvableReferenceError(reference, where, `${address} refers to itself`);
    this.resolving.add(address);
    try {
      const attributes = dataPrefix ? this.dataAttributes(type, name, block) : this.resourceAttributes(type, name, block);
      const value = attributes?.[attribute];
      if (value === undefined) {
        throw new UnresolvableReferenceError(reference, where, `attribute "${attribute}" of ${address} is not known before apply (or not modelled)`);
      }
      return value();
    } finally {
      this.resolving.delete(address);
    }
  }

  /** The resolved string argument `key` of a block; an error if it is absent. */
  argument(address: string, block: TerraformBlock, key: string): string {
    const value = block[key];
    if (typeof value !== 'string') throw new Error(`${this.where(address)}: argument "${key}" is missing or not a string`);
    return this.resolveString(value, this.where(address));
  }

  /** `<stack> <address>`, for messages. */
  where(address: string): string {
    return `${this.stack.name} ${address}`;
  }

  private resourceAttributes(type: string, name: string, block: TerraformBlock): Record<string, () => string> | undefined {
    const { accountId, region, partition } = this.context;
    const address = `${type}.${name}`;
    const arg = (key: string) => () => this.argument(address, block, key);
    const path = () => (typeof block.path === 'string' ? this.resolveString(block.path, this.where(address)) : '/');
    switch (type) {
      case 'aws_s3_bucket':
        return { bucket: arg('bucket'), id: arg('bucket'), arn: () => `arn:${partition}:s3:::${arg('bucket')()}` };
      case 'aws_secretsmanager_secret': {
        const arn = () => {
          const secretName = arg('name')();
          return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${secretName}-${secretArnSuffix(secretName)}`;
        };
        return { name: arg('name'), arn, id: arn };
      }
      case 'aws_iam_user':
        return { name: arg('name'), id: arg('name'), arn: () => `arn:${partition}:iam::${accountId}:user${path()}${arg('name')()}` };
      case 'aws_iam_role':
        return { name: arg('name'), id: arg('name'), arn: () => `arn:${partition}:iam::${accountId}:role${path()}${arg('name')()}` };
      case 'aws_iam_group':
        return { name: arg('name'), id: arg('name'), arn: () => `arn:${partition}:iam::${accountId}:group${path()}${arg('name')()}` };
      case 'aws_iam_policy': {
        const arn = () => `arn:${partition}:iam::${accountId}:policy${path()}${arg('name')()}`;
        return { name: arg('name'), arn, id: arn, policy: arg('policy') };
      }
      case 'aws_iam_openid_connect_provider': {
        const host = () => arg('url')().replace(/^https:\/\//, '');
        const arn = () => `arn:${partition}:iam::${accountId}:oidc-provider/${host()}`;
        return { arn, id: arn, url: arg('url') };
      }
      default:
        return undefined;
    }
  }

  private dataAttributes(type: string, name: string, block: TerraformBlock): Record<string, () => string> | undefined {
    const { accountId, region, partition } = this.context;
    switch (type) {
      case 'aws_iam_policy_document': {
        const json = () => JSON.stringify(this.renderPolicyDocument(name, block));
        return { json, minified_json: json };
      }
      case 'aws_caller_identity':
        return { account_id: () => accountId, id: () => accountId };
      case 'aws_region':
        return { name: () => region, region: () => region, id: () => region };
      case 'aws_partition':
        return { partition: () => partition, id: () => partition };
      case 'aws_iam_openid_connect_provider': {
        // An existing provider, read by its URL: its ARN is the account's provider of that issuer.
        const url = () => this.argument(`data.${type}.${name}`, block, 'url');
        const arn = () => `arn:${partition}:iam::${accountId}:oidc-provider/${url().replace(/^https:\/\//, '')}`;
        return { arn, id: arn, url };
      }
      default:
        return undefined;
    }
  }

  /** `data.aws_iam_policy_document.<name>` rendered to the JSON document it produces. */
  renderPolicyDocument(name: string, block: TerraformBlock): PolicyDocument {
    const address = `data.aws_iam_policy_document.${name}`;
    const where = this.where(address);
    for (const unsupported of ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json']) {
      if (block[unsupported] !== undefined) throw new Error(`${where}: "${unsupported}" is not supported by the policy proof`);
    }
    const statements = (block.statement ?? []) as readonly Readonly<Record<string, unknown>>[];
    return {
      Version: '2012-10-17',
      Statement: statements.map((s) => this.resolveDeep(renderDataStatement(s, where), where)),
    };
  }
}

interface DataPrincipals {
  readonly type: string;
  readonly identifiers: readonly string[];
}
interface DataCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

function renderDataStatement(s: Readonly<Record<string, unknown>>, where: string): StatementJson {
  const principals = (block: unknown) => {
    const entries = (block ?? []) as readonly DataPrincipals[];
    if (entries.length === 0) return undefined;
    if (entries.some((p) => p.type === '*')) return '*' as const;
    const out: Record<string, string[]> = {};
    for (const p of entries) out[p.type] = [...(out[p.type] ?? []), ...p.identifiers];
    return out;
  };
  const conditions = (s.condition ?? []) as readonly DataCondition[];
  const condition: Record<string, Record<string, readonly string[]>> = {};
  for (const c of conditions) {
    if (condition[c.test]?.[c.variable]) throw new Error(`${where}: two conditions ${c.test} on ${c.variable} (not supported)`);
    condition[c.test] = { ...(condition[c.test] ?? {}), [c.variable]: c.values };
  }
  const strings = (key: string) => s[key] as readonly string[] | undefined;
  const statement: Record<string, unknown> = {
    Sid: s.sid as string | undefined,
    Effect: (s.effect as 'Allow' | 'Deny' | undefined) ?? 'Allow',
    Principal: principals(s.principals),
    NotPrincipal: principals(s.not_principals),
    Action: strings('actions'),
    NotAction: strings('not_actions'),
    Resource: strings('resources'),
    NotResource: strings('not_resources'),
    Condition: conditions.length ? (condition as ConditionBlock) : undefined,
  };
  return Object.fromEntries(Object.entries(statement).filter(([, v]) => v !== undefined && v !== '')) as unknown as StatementJson;
}

/** The literal text of a template part: `$${` stands for `${`, `%%{` for `%{`. */
function unescapeTemplate(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}
