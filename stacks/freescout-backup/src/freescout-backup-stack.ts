import { FreescoutConfig } from '@raxx/config';
import { RaxxStack, accountAwsProvider, iamRoleArn } from '@raxx/constructs';
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { BACKUP_IAM_PATH, FreescoutBackupUser } from './backup-user';
import { FreescoutBackupGithubRole, GITHUB_ROLE_NAME } from './github-actions-role';

/** Name of the stack (`cdktf deploy freescout-backup`). */
export const FREESCOUT_BACKUP_STACK_NAME = 'freescout-backup';

/** Props of {@link FreescoutBackupStack}. */
export interface FreescoutBackupStackProps {
  /** The account-level FreeScout backup configuration. */
  readonly config: FreescoutConfig;
  /** Terraform Cloud organization: when set, the stack uses its own workspace there. @default - local backend */
  readonly terraformCloudOrganization?: string;
}

function assertUsable(config: FreescoutConfig): void {
  if (!config.ssmParameterPath.startsWith('/') || config.ssmParameterPath.endsWith('/')) {
    throw new Error(
      `FreescoutBackupStack: config.ssmParameterPath "${config.ssmParameterPath}" must start with "/" and have no trailing "/" (e.g. /raxx/freescout)`,
    );
  }
  if (config.backupPrefix === '' || config.backupPrefix.startsWith('/') || config.backupPrefix.endsWith('/')) {
    throw new Error(
      `FreescoutBackupStack: config.backupPrefix "${config.backupPrefix}" must be non-empty with no leading or trailing "/" (e.g. db-backups/freescout)`,
    );
  }
}

/** What other stacks may take from freescout-backup: known at synthesis, so taking it reads no state. */
export interface FreescoutBackupPublished {
  /** ARN of the GitHub Actions role, equal to its `arn`. @default - undefined unless `config.githubOidc` */
  readonly oidcRoleArn?: string;
}

/**
 * The FreeScout backup credentials of freescout-backup-iam-runbook.txt: the IAM user whose hand-made
 * key the backup workflow uses and, opted in with `config.githubOidc`, the GitHub Actions OIDC role
 * that is to replace it.
 */
export class FreescoutBackupStack extends RaxxStack {
  /** ARN of the backup user. */
  public readonly userArn: string;
  /** Name of the backup user (`raxx-freescout-backup`). */
  public readonly userName: string;
  /** ARN of the GitHub Actions role. @default - undefined unless `config.githubOidc` */
  public readonly oidcRoleArn?: string;
  /** Plain values for other stacks (never tokens). */
  public readonly published: FreescoutBackupPublished;

  constructor(scope: Construct, props: FreescoutBackupStackProps) {
    super(scope, FREESCOUT_BACKUP_STACK_NAME, { terraformCloudOrganization: props.terraformCloudOrganization });
    const { config } = props;
    assertUsable(config);

    accountAwsProvider(this, { accountId: config.awsAccountId, region: config.awsRegion, accountIdProp: 'FreescoutBackupStack: config.awsAccountId' });

    const backupUser = new FreescoutBackupUser(this, 'backup-user', { config });
    this.userArn = backupUser.userArn;
    this.userName = backupUser.userName;
    new TerraformOutput(this, 'user_arn', {
      value: backupUser.userArn,
      description: 'ARN of the FreeScout backup IAM user (its access key is made by hand, never in state)',
    }).overrideLogicalId('user_arn');

    if (config.githubOidc) {
      const githubRole = new FreescoutBackupGithubRole(this, 'github-role', { config });
      this.oidcRoleArn = githubRole.roleArn;
      new TerraformOutput(this, 'github_oidc_role_arn', {
        value: githubRole.roleArn,
        description: 'ARN of the role the FreeScout backup workflow assumes through GitHub Actions OIDC (role-to-assume)',
      }).overrideLogicalId('github_oidc_role_arn');
    }
    this.published = config.githubOidc ? { oidcRoleArn: iamRoleArn(config.awsAccountId, GITHUB_ROLE_NAME, BACKUP_IAM_PATH) } : {};
  }
}
