/**
 * Runs requests through @cloud-copilot/iam-simulate, which evaluates policies and conditions as AWS
 * does. AGPL-licensed: only tests and the access report import this file (never a stack, never
 * tools/rotate, never the resolver or the rule pack).
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import { isOidcProviderClaimKey } from '../iam-catalog';
import { normalizedStatements, statementLabel } from '../policy-document';
import { LocatedPolicy, Principal } from '../principals';
import { AccessCheck } from '../access-sentence';

/** What the simulator concluded, and which statements decided it. */
export interface SimulatedDecision {
  readonly result: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';
  /** Allowed or Denied. */
  readonly decision: 'Allowed' | 'Denied';
  /** The deciding statements (`aws_iam_user_policy.uploader_policy Sid AllowS3Upload`); none for an implicit deny. */
  readonly decisive: readonly string[];
  /** Sids of the deciding statements. */
  readonly decisiveSids: readonly string[];
}

/**
 * Condition keys the simulator's data (iam-data) does not list for sts:AssumeRoleWithWebIdentity,
 * though AWS documents them for every OIDC provider ("Available keys for AWS OIDC federation"). The
 * simulator would drop them from the request, so a trust condition on them could never be proven.
 * For the simulation only, they are renamed, in the trust policy and in the request alike, to the
 * same claims of a provider iam-data does list. Same operator, same values: same decision.
 */
export const OIDC_KEY_STAND_INS: Readonly<Record<string, string>> = {
  'token.actions.githubusercontent.com:sub': 'accounts.google.com:sub',
  'token.actions.githubusercontent.com:aud': 'accounts.google.com:aud',
};

/**
 * The key policy KMS gives a key by default ("Default key policy", AWS KMS Developer Guide): it lets
 * the account's IAM policies decide. The FreeScout runbook relies on exactly that ("The IAM policy uses
 * kms:ViaService condition rather than requiring explicit KMS key principal entry").
 */
export function defaultKeyPolicy(accountId: string): object {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'kms:*', Resource: '*' }],
  };
}

function policyName(policy: LocatedPolicy, index: number): string {
  return `${index}|${policy.address}`;
}

function label(policies: readonly LocatedPolicy[], policyId: string | undefined, statementIndex: number): { label: string; sid?: string } {
  const policy = policies[Number((policyId ?? '').split('|')[0])];
  if (!policy) return { label: `${policyId ?? 'resource policy'} statement #${statementIndex - 1}` };
  const statement = normalizedStatements(policy.document)[statementIndex - 1];
  const where = policy.via ? `${policy.address} (via ${policy.via})` : policy.address;
  return { label: `${where} ${statementLabel(statement)}`, ...(statement.sid ? { sid: statement.sid } : {}) };
}

/**
 * The stand-in of an OIDC claim key: the listed ones, and the claims of every issuer with a path
 * (`container.googleapis.com/v1/projects/<p>/locations/<l>/clusters/<c>:sub`, a GKE cluster;
 * `oidc.eks.<region>.amazonaws.com/id/<id>:sub`), which iam-data never lists (it names providers by
 * host). One request carries the claims of one provider, and each trust statement names its provider
 * as `Principal.Federated`, so the rename keeps every decision: a token of another issuer is refused by
 * the principal, as AWS refuses it.
 */
export function oidcKeyStandIn(key: string): string {
  const listed = OIDC_KEY_STAND_INS[key];
  if (listed) return listed;
  const claim = /^[a-z0-9-]+(?:\.[a-z0-9-]+)+\/[^:]+:([a-z]+)$/i.exec(key)?.[1];
  return claim !== undefined && isOidcProviderClaimKey(key) ? `accounts.google.com:${claim}` : key;
}

function standIn<T>(value: T): T {
  if (Array.isArray(value)) return value.map(standIn) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [oidcKeyStandIn(k), standIn(v)])) as T;
  }
  return value;
}

async function simulate(simulation: Simulation, policies: readonly LocatedPolicy[], what: string): Promise<SimulatedDecision> {
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') throw new Error(`${what}: the simulator rejected the request: ${JSON.stringify(response.errors)}`);
  // `*` is the resource of a request to an action whose resource type is optional
  // (cloudwatch:PutMetricData without a dataset): the simulator answers it as a pattern.
  const starRequest = simulation.request.resource.resource === '*';
  if (response.resultType === 'wildcard' && !(starRequest && response.results.length <= 1)) {
    throw new Error(`${what}: use a concrete resource, not a pattern (got ${response.results.length} pattern results)`);
  }
  const result = response.resultType === 'single' ? response.result : response.results[0];
  if (!result) return { result: response.overallResult, decision: response.overallResult === 'Allowed' ? 'Allowed' : 'Denied', decisive: [], decisiveSids: [] };
  const { analysis, ignoredContextKeys } = result;
  if (ignoredContextKeys && ignoredContextKeys.length > 0) {
    throw new Error(`${what}: context keys ${ignoredContextKeys.join(', ')} do not apply to this request; the check would prove nothing`);
  }
  const identity = analysis.identityAnalysis;
  const resource = analysis.resourceAnalysis;
  const statements =
    analysis.result === 'Allowed'
      ? [...(identity?.allowStatements ?? []), ...(resource?.allowStatements ?? [])]
      : analysis.result === 'ExplicitlyDenied'
        ? [...(identity?.denyStatements ?? []), ...(resource?.denyStatements ?? [])]
        : [];
  const decisive = statements.map((s) => label(policies, s.policyId, s.statement.index()));
  return {
    result: analysis.result,
    decision: analysis.result === 'Allowed' ? 'Allowed' : 'Denied',
    decisive: decisive.map((d) => d.label),
    decisiveSids: decisive.flatMap((d) => (d.sid ? [d.sid] : [])),
  };
}

/** `action on resource [context]` or `principal action [context]`, for messages. */
export function describeCheck(check: AccessCheck): string {
  const context = check.context && Object.keys(check.context).length ? ` ${JSON.stringify(check.context)}` : '';
  return check.kind === 'identity' ? `${check.action} on ${check.resource}${context}` : `${check.principal} ${check.action}${context}`;
}

/** Simulates one check for `principal`. */
export async function simulateCheck(principal: Principal, check: AccessCheck): Promise<SimulatedDecision> {
  const what = `${principal.stack} ${principal.address} ${describeCheck(check)}`;
  if (check.kind === 'identity') {
    const [service] = check.action.split(':');
    const resourceAccount = /^arn:aws:[^:]+:[^:]*:(\d{12}):/.exec(check.resource)?.[1] ?? principal.accountId;
    return simulate(
      {
        identityPolicies: principal.identityPolicies.map((policy, index) => ({ name: policyName(policy, index), policy: policy.document })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(service === 'kms' ? { resourcePolicy: defaultKeyPolicy(resourceAccount) } : {}),
        request: {
          principal: principal.arn,
          action: check.action,
          resource: { resource: check.resource, accountId: resourceAccount },
          contextVariables: { ...(check.context ?? {}) } as Record<string, string | string[]>,
        },
      },
      principal.identityPolicies,
      what,
    );
  }
  if (!principal.trustPolicy) throw new Error(`${what}: ${principal.address} is not a role`);
  const trust = principal.trustPolicy;
  return simulate(
    {
      identityPolicies: [...(check.principalPolicies ?? [])].map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: standIn(trust.document),
      request: {
        principal: check.principal,
        action: check.action,
        resource: { resource: principal.arn, accountId: principal.accountId },
        contextVariables: standIn({ ...(check.context ?? {}) }) as Record<string, string | string[]>,
      },
    },
    [],
    what,
  ).then((decision) => ({ ...decision, decisive: decision.decisive.map((d) => d.replace(/^resource policy/, `${trust.address} trust policy`)) }));
}
