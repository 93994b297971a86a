/**
 * The checks every post_plan run gets, rotation or not (pure): the plan is usable and for the
 * workspace's stack (no address it lacks, `module.` ones included), and no stateful or credential
 * resource is destroyed or replaced unless a rotation the repository declares explains it, or the
 * stack's proof declares the removal with a reason (`RAXX-REMOVE1`, as a nag exception is declared).
 */
import type { NagException } from '@raxx/policy-proof';
import { MIN_REASON_LENGTH } from '@raxx/policy-proof';
import type { StackGraph } from '@raxx/rotation/graph/graph';
import type { TerraformPlanJson } from '@raxx/rotation/verify/verify';
import { baseAddress } from '@raxx/rotation/verify/plan-stack';
import type { CheckOutcome } from './outcomes';

/** The id of a declared intended removal (a nag exception of the stack's proof, with its reason). */
export const REMOVAL_RULE = 'RAXX-REMOVE1';

/**
 * Resource types whose destroy loses data or a credential (buckets, secrets and versions, IAM users,
 * groups, roles, their policies and attachments, OIDC providers, keys, SecretStores and ExternalSecrets
 * (`kubernetes_manifest`), Kubernetes secrets, tokens, GitHub secrets, Terraform Cloud workspaces).
 */
export const PROTECTED_TYPE = new RegExp(
  [
    '^aws_s3_bucket',
    '^aws_secretsmanager_secret',
    '^aws_iam_(user|group|role|policy|openid_connect_provider|access_key|user_group_membership|group_membership)',
    '^aws_kms_',
    '^kubernetes_manifest$',
    '^kubernetes_secret',
    '^cloudflare_(api_token|r2_bucket|account_token)',
    '^github_actions_(environment_)?secret',
    '^tfe_(workspace|team_token|organization_token|agent_token|variable)',
  ].join('|'),
);

/** The type of `address` (`module.x.aws_s3_bucket.b[0]` -> `aws_s3_bucket`). */
function typeOf(change: { readonly address: string; readonly type?: string }): string {
  if (change.type) return change.type;
  const parts = baseAddress(change.address).split('.');
  return parts[parts.length - 2] ?? '';
}

function removalLine(stack: string, address: string): string {
  return `{ id: '${REMOVAL_RULE}', stack: '${stack}', address: '${address}', reason: '<why this removal is intended, ${MIN_REASON_LENGTH}+ characters>' }`;
}

/** The plan is usable and for `stack`: not errored, applyable when it changes anything, complete, no foreign address. */
export function planIntegrityOutcome(plan: TerraformPlanJson, stack: StackGraph): CheckOutcome {
  const problems: string[] = [];
  if (plan.errored === true) problems.push('the plan errored (errored: true): Terraform stopped planning, the plan is partial');
  const changes = plan.resource_changes.some((change) => !['no-op', 'read'].includes(change.change.actions.join(',')));
  // Terraform marks a plan without changes applyable: false; that one has nothing to apply and nothing to fail.
  if (plan.applyable === false && changes) problems.push('the plan cannot be applied (applyable: false)');
  if (plan.complete === false) problems.push('the plan is incomplete (complete: false): it leaves deferred changes for a later run');
  const foreign = [...new Set(plan.resource_changes.map((change) => baseAddress(change.address)))].filter((address) => !stack.nodes.has(address)).sort();
  for (const address of foreign) problems.push(`\`${address}\`: not an address of stack ${stack.name}${address.startsWith('module.') ? ' (the stack has no modules)' : ''}`);
  if (problems.length === 0) {
    return { id: 'plan', passed: true, description: `plan of ${stack.name}: complete, applyable, every address is the stack's`, body: `**Passed:** ${plan.resource_changes.length} resource change(s), every address is of \`${stack.name}\`.` };
  }
  return {
    id: 'plan',
    passed: false,
    description: `plan of ${stack.name}: ${problems.map((problem) => problem.replace(/`/g, '')).join('; ')}`.slice(0, 250),
    body: ['**Failed:** the plan is not a usable plan of `' + stack.name + '`.', '', '### Offending addresses', '', ...problems.map((problem) => `- ${problem}`)].join('\n'),
  };
}

/** A destroy or replace of a protected resource, and whether a declared removal allows it. */
export interface ProtectedDestroy {
  readonly address: string;
  readonly action: 'delete' | 'replace';
  readonly actionReason?: string;
  readonly allowedBy?: NagException;
}

/** Every destroy or replace in `plan` of a protected type, except `explained` (a checked rotation's addresses). */
export function protectedDestroys(plan: TerraformPlanJson, stack: string, explained: ReadonlySet<string>, exceptions: readonly NagException[]): ProtectedDestroy[] {
  const found: ProtectedDestroy[] = [];
  for (const change of plan.resource_changes) {
    if (change.mode === 'data' || !change.change.actions.includes('delete')) continue;
    if (!PROTECTED_TYPE.test(typeOf(change)) || explained.has(change.address)) continue;
    const action = change.change.actions.includes('create') ? 'replace' : 'delete';
    const allowedBy = exceptions.find(
      (exception) => exception.id === REMOVAL_RULE && exception.stack === stack && (exception.address === change.address || exception.address === baseAddress(change.address)) && exception.reason.trim().length >= MIN_REASON_LENGTH,
    );
    found.push({ address: change.address, action, ...(change.action_reason ? { actionReason: change.action_reason } : {}), ...(allowedBy ? { allowedBy } : {}) });
  }
  return found.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** The destroy check: fails on a protected destroy or replace no rotation explains and no declared removal allows. */
export function destroysOutcome(plan: TerraformPlanJson, stack: string, explained: ReadonlySet<string>, exceptions: readonly NagException[]): CheckOutcome {
  const destroys = protectedDestroys(plan, stack, explained, exceptions);
  const tooShort = exceptions.filter((exception) => exception.id === REMOVAL_RULE && exception.stack === stack && exception.reason.trim().length < MIN_REASON_LENGTH);
  const offending = destroys.filter((destroy) => !destroy.allowedBy);
  const allowed = destroys.filter((destroy) => destroy.allowedBy);
  const passed = offending.length === 0 && tooShort.length === 0;
  const what = (destroy: ProtectedDestroy): string => `${destroy.action === 'replace' ? 'replaced' : 'deleted'}${destroy.actionReason ? ` (${destroy.actionReason})` : ''}`;
  const body: string[] = [
    passed ? `**Passed:** no stateful or credential resource is destroyed or replaced outside a checked rotation.` : '**Failed:** the plan destroys or replaces a stateful or credential resource that no rotation explains.',
    '',
    '### Offending addresses',
    '',
    ...(offending.length === 0 && tooShort.length === 0 ? ['None.'] : []),
    ...offending.map((destroy) => `- \`${destroy.address}\`: ${what(destroy)}; rule ${REMOVAL_RULE} (stateful or credential resource)`),
    ...tooShort.map((exception) => `- \`${exception.address}\`: the ${REMOVAL_RULE} declaration's reason "${exception.reason}" is shorter than ${MIN_REASON_LENGTH} characters`),
  ];
  if (offending.length > 0) {
    body.push('', '### If the removal is intended', '', `Declare it beside the stack, in its proof's exceptions (\`stacks/<system>/proof/\`), one line per address:`, '', '```ts', ...offending.map((destroy) => removalLine(stack, baseAddress(destroy.address))), '```');
  }
  if (allowed.length > 0) body.push('', '### Declared removals', '', ...allowed.map((destroy) => `- \`${destroy.address}\`: ${what(destroy)}; ${destroy.allowedBy?.reason}`));
  const description = passed
    ? `destroys: ${allowed.length === 0 ? 'no stateful or credential resource destroyed outside a rotation' : `${allowed.length} declared removal(s) (${allowed.map((destroy) => destroy.address).join(', ')})`}`
    : `${REMOVAL_RULE}: ${[...offending.map((destroy) => `${destroy.address} ${what(destroy)}`), ...tooShort.map((exception) => `${exception.address} removal reason too short`)].join(', ')}; declare an intended removal with { id: '${REMOVAL_RULE}', address, reason } in the stack's proof`;
  return { id: 'destroys', passed, description: description.slice(0, 250), body: body.join('\n') };
}
