/**
 * The generic rule pack: every rule listed once, declaratively, with its id, a one-line info and an
 * explanation, in the style of cdk-nag's packs. A rule about one stack lives in that stack's proof.
 */
import { githubSecretsEnvironmentScoped } from './rules/github-secrets-environment-scoped';
import { iamKnownActions } from './rules/iam-known-actions';
import { iamNoAdminGrant } from './rules/iam-no-admin-grant';
import { iamKnownConditionKeys } from './rules/iam-known-condition-keys';
import { iamNoServiceWildcard } from './rules/iam-no-service-wildcard';
import { iamNoWildcardAction } from './rules/iam-no-wildcard-action';
import { iamResourceStar } from './rules/iam-resource-star';
import { iamWebIdentityTrustConditions } from './rules/iam-web-identity-trust-conditions';
import { outputsKeyMaterialSensitive } from './rules/outputs-key-material-sensitive';
import { policyDocumentReadable } from './rules/policy-document-readable';
import { resourcePolicyNoWildcardPrincipal } from './rules/resource-policy-no-wildcard-principal';
import { ResourceRule, StackRule, StatementRule } from './rules/rule';
import { stateNoSensitiveRemoteState } from './rules/state-no-sensitive-remote-state';

/** One rule of the pack. */
export type PackRule =
  | { readonly id: string; readonly info: string; readonly explanation: string; readonly scope: 'statement'; readonly rule: StatementRule }
  | { readonly id: string; readonly info: string; readonly explanation: string; readonly scope: 'stack'; readonly rule: StackRule }
  | { readonly id: string; readonly info: string; readonly explanation: string; readonly scope: 'resource'; readonly rule: ResourceRule };

export const RAXX_POLICY_PACK: readonly PackRule[] = [
  {
    id: 'RAXX-IAM1',
    scope: 'statement',
    rule: iamNoWildcardAction,
    info: 'An Allow statement grants "*" actions or uses NotAction.',
    explanation: 'Every principal of the seeds has a short list of verbs; "*" or NotAction grants every other one too.',
  },
  {
    id: 'RAXX-IAM2',
    scope: 'statement',
    rule: iamNoServiceWildcard,
    info: 'An Allow statement uses a wildcard action such as s3:* or s3:Get*.',
    explanation: 'The seeds forbid broad grants ("Don\'t grant broad permissions like s3:* or secretsmanager:*", pazpaz-ecs-iam-roles.txt); a wildcard also grows as AWS adds actions.',
  },
  {
    id: 'RAXX-IAM3',
    scope: 'statement',
    rule: iamResourceStar,
    info: 'An identity-policy Allow statement applies to Resource "*" (or uses NotResource).',
    explanation: '"Use resource-level permissions (ARNs) instead of *" (pazpaz-ecs-iam-roles.txt). Allowed only per statement, with a reason, where the actions support no resource-level permission or a condition does the scoping.',
  },
  {
    id: 'RAXX-IAM4',
    scope: 'statement',
    rule: iamKnownActions,
    info: 'An action is not a known IAM action.',
    explanation: 'An unknown action (s3:HeadObject in the FreeScout runbook) grants nothing: the policy does not do what its author believes.',
  },
  {
    id: 'RAXX-IAM5',
    scope: 'statement',
    rule: iamKnownConditionKeys,
    info: 'A condition key is not a known IAM condition key.',
    explanation: 'No request carries an unknown key, so the condition is never (or, with IfExists, always) satisfied.',
  },
  {
    id: 'RAXX-OIDC1',
    scope: 'statement',
    rule: iamWebIdentityTrustConditions,
    info: 'A web-identity trust (sts:AssumeRoleWithWebIdentity from a Federated principal) does not condition both <issuer>:sub and <issuer>:aud.',
    explanation:
      'Without sub, every identity of the issuer (any service account of the cluster, any repository on GitHub) may assume the role; without aud, a token minted for another audience is accepted. Both with StringEquals (or StringLike), never IfExists.',
  },
  {
    id: 'RAXX-ADMIN1',
    scope: 'resource',
    rule: iamNoAdminGrant,
    info: 'An attachment or group membership grants administrator-like access (AdministratorAccess, IAMFullAccess, PowerUserAccess, an Admins group, a customer policy allowing * or iam:* on *).',
    explanation:
      'A credential of the seeds needs a few verbs on a few ARNs; an admin grant makes every other rule moot, and one through a group (aws_iam_user_group_membership to Administrators) or an attachment never shows in the principal\'s own policy. A policy or group the rule cannot see is a finding too.',
  },
  {
    id: 'RAXX-RES1',
    scope: 'resource',
    rule: resourcePolicyNoWildcardPrincipal,
    info: 'A resource or trust policy allows a wildcard principal ("*", {"AWS": "*"}) without a condition that pins the caller, or uses NotPrincipal in an Allow.',
    explanation:
      'A bucket, secret, topic, queue or key policy that allows "*" grants every AWS account (or the anonymous public); only a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn, aws:SourceAccount (or the like) narrows it.',
  },
  {
    id: 'RAXX-DOC1',
    scope: 'resource',
    rule: policyDocumentReadable,
    info: 'A policy document cannot be read: missing, known only after apply, not JSON, or without a valid Statement.',
    explanation: 'No other rule can check a document it cannot read; skipping it would pass whatever it grants. Make the document a literal or a data.aws_iam_policy_document the proof resolves.',
  },
  {
    id: 'RAXX-OUT1',
    scope: 'stack',
    rule: outputsKeyMaterialSensitive,
    info: 'An output that carries key material (access key id/secret, Cloudflare API or account token) is not sensitive.',
    explanation: '"Only key material is sensitive" (STYLE.md): a non-sensitive output prints it in every plan and CI log.',
  },
  {
    id: 'RAXX-STATE1',
    scope: 'stack',
    rule: stateNoSensitiveRemoteState,
    info: 'The stack reads the remote state of a stack that has a sensitive output (or of a stack it cannot identify).',
    explanation:
      'terraform_remote_state copies every output of the other state into the reader\'s state, sensitive ones in plain text, and in Terraform Cloud the other workspace must share its state. The stack that creates a credential delivers it instead.',
  },
  {
    id: 'RAXX-GH1',
    scope: 'stack',
    rule: githubSecretsEnvironmentScoped,
    info: 'A GitHub Actions secret is repository- or organization-level instead of an environment secret.',
    explanation:
      'Any workflow on any branch reads a repository secret, so a dev branch could read the prod key. Credentials go to github_actions_environment_secret in a github_repository_environment; prod\'s is protected.',
  },
];
