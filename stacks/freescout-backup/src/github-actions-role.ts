import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { FreescoutConfig } from '@raxx/config';
import { policyJson, statement } from '@raxx/constructs';
import { Construct } from 'constructs';
import { BACKUP_IAM_PATH, BACKUP_POLICY_NAME } from './backup-user';
import { freescoutBackupStatements } from './backup-statements';

/** Issuer of GitHub Actions OIDC tokens. */
export const GITHUB_OIDC_URL = 'https://token.actions.githubusercontent.com';
/** Audience `aws-actions/configure-aws-credentials` asks GitHub to put in its tokens. */
export const GITHUB_OIDC_AUDIENCE = 'sts.amazonaws.com';
/** Name of the role the backup workflow assumes instead of using the user's key. */
export const GITHUB_ROLE_NAME = 'raxx-freescout-backup-github';

/** Props of {@link FreescoutBackupGithubRole}. */
export interface FreescoutBackupGithubRoleProps {
  /** Account, region, repository and branch of the backup. */
  readonly config: FreescoutConfig;
}

/**
 * The runbook's long-term path ("Migrating to GH Actions OIDC ... is tracked as a toil-reduction action
 * item", freescout-backup-iam-runbook.txt): the account's GitHub Actions OIDC provider and a role that
 * only the backup repository's main branch can assume, with exactly the user's permissions.
 */
export class FreescoutBackupGithubRole extends Construct {
  /** ARN of the role, for `role-to-assume`. */
  public readonly roleArn: string;
  /** Name of the role (`raxx-freescout-backup-github`). */
  public readonly roleName: string;
  /** The `aws_iam_role` resource. */
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: FreescoutBackupGithubRoleProps) {
    super(scope, id);
    const { config } = props;

    const provider = new IamOpenidConnectProvider(this, 'provider', {
      url: GITHUB_OIDC_URL,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
    });
    provider.overrideLogicalId('github_actions');

    const tokenIssuer = GITHUB_OIDC_URL.replace('https://', '');
    const role = (this.role = new IamRole(this, 'role', {
      name: GITHUB_ROLE_NAME,
      path: BACKUP_IAM_PATH,
      assumeRolePolicy: policyJson([
        statement({
          principal: { Federated: provider.arn },
          actions: ['sts:AssumeRoleWithWebIdentity'],
          conditions: {
            StringEquals: {
              [`${tokenIssuer}:aud`]: GITHUB_OIDC_AUDIENCE,
              // Exact match, no wildcard: only workflows of this repository running on this branch.
              [`${tokenIssuer}:sub`]: `repo:${config.repository}:ref:refs/heads/${config.branch}`,
            },
          },
        }),
      ]),
    }));
    role.overrideLogicalId('freescout_backup_github');

    const policy = new IamRolePolicy(this, 'policy', {
      name: BACKUP_POLICY_NAME,
      role: role.name,
      policy: policyJson(freescoutBackupStatements(config)),
    });
    policy.overrideLogicalId('freescout_backup_github');

    this.roleArn = role.arn;
    this.roleName = GITHUB_ROLE_NAME;
  }
}
